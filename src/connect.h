/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection notifyees: called before and after an interface is brought up
 * or down (AddConnectNotify / CancelConnectNotify).
 */
#ifndef _NN_CONNECT_H
#define _NN_CONNECT_H

extern const struct nn_source_ops nn_connect_source;

#endif /* _NN_CONNECT_H */

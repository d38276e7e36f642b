/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device source: arrival, removal, start, stop and rename of network
 * devices (CM_Register_Notification).
 */
#ifndef _NN_DEVICE_H
#define _NN_DEVICE_H

extern const struct nn_source_ops nn_device_source;

#endif /* _NN_DEVICE_H */

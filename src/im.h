/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intermediate drivers and the deferred initialization of their device
 * instances (NdisIMInitializeDeviceInstanceEx).
 */
#ifndef _NN_IM_H
#define _NN_IM_H

extern const struct nn_source_ops nn_im_source;

#endif /* _NN_IM_H */

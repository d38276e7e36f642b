/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stable address table (NotifyStableUnicastIpAddressTable).
 */
#ifndef _NN_STABLE_H
#define _NN_STABLE_H

#include <linux/types.h>

struct nn_handle;

bool nn_stable_run(struct nn_handle *h);

#endif /* _NN_STABLE_H */

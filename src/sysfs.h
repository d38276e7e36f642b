/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sysfs view: /sys/kernel/netnotify/ and one directory per live handle.
 */
#ifndef _NN_SYSFS_H
#define _NN_SYSFS_H

struct nn_handle;

void nn_sysfs_init_handle(struct nn_handle *h);
int nn_sysfs_add_handle(struct nn_handle *h);
void nn_sysfs_del_handle(struct nn_handle *h);
int nn_sysfs_init(void);
void nn_sysfs_exit(void);

#endif /* _NN_SYSFS_H */

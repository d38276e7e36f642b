/* SPDX-License-Identifier: GPL-2.0 */
/* The generic netlink family "netnotify", for main.c. */
#ifndef _NN_GENL_H
#define _NN_GENL_H

int nn_genl_init(void);
void nn_genl_exit(void);

#endif /* _NN_GENL_H */

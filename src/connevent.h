/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection event objects: eventfds signalled on connection changes. For
 * main.c, the source; for genl.c, registration by file descriptor.
 */
#ifndef _NN_CONNEVENT_H
#define _NN_CONNEVENT_H

struct net;
struct nn_source_ops;

extern const struct nn_source_ops nn_conn_event_source;

int nn_conn_event_register_fd(struct net *net, int fd);
int nn_conn_event_deregister_fd(struct net *net, int fd);

#endif /* _NN_CONNEVENT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Growable arrays of rows, laid out as the tables the Get functions return.
 */
#ifndef _NN_TABLE_H
#define _NN_TABLE_H

#include <linux/types.h>
#include <netnotify/netnotify.h>

struct net;
struct nn_addr_info;

/**
 * struct nn_vec - a growable array with a header in front
 * @data: @hdr bytes, then @n elements of @esz bytes; kvmalloc()ed.
 * @hdr: size of the header (the table's num_entries and padding).
 * @esz: size of one element.
 * @n: elements used.
 * @cap: elements allocated.
 */
struct nn_vec {
	void *data;
	size_t hdr;
	size_t esz;
	u32 n;
	u32 cap;
};

#define NN_VEC_INIT(_hdr, _esz) { .hdr = (_hdr), .esz = (_esz) }

int nn_vec_push(struct nn_vec *v, const void *elem);
void *nn_vec_at(struct nn_vec *v, u32 i);
void *nn_vec_table(struct nn_vec *v);
void nn_vec_free(struct nn_vec *v);

struct netnotify_unicast_ip_address_table *
nn_addr_table(struct net *net, u16 family, struct nn_addr_info **infos, u32 *n);

#endif /* _NN_TABLE_H */

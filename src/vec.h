/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Growable arrays with a header in front, laid out as the tables the Get
 * functions return.
 */
#ifndef _NN_VEC_H
#define _NN_VEC_H

#include <linux/types.h>

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

#endif /* _NN_VEC_H */

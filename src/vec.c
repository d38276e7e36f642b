// SPDX-License-Identifier: GPL-2.0
/*
 * Growable arrays. The Get functions and the dumps collect rows into them,
 * and a table is the array itself, its header holding the count, so it is
 * handed to the client without a copy.
 */

#include "vec.h"
#include "rtnl.h"

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>

/**
 * nn_vec_push() - append a copy of @elem
 * @v: the array.
 * @elem: @v->esz bytes.
 *
 * Return: 0 or -ENOMEM.
 */
int nn_vec_push(struct nn_vec *v, const void *elem)
{
	if (v->n == v->cap) {
		u32 cap = max(16U, v->cap * 2);
		void *data;

		data = kvmalloc(v->hdr + array_size(cap, v->esz), NN_GFP_READ);
		if (!data)
			return -ENOMEM;
		if (v->data)
			memcpy(data, v->data, v->hdr + v->n * v->esz);
		kvfree(v->data);
		v->data = data;
		v->cap = cap;
	}
	memcpy(v->data + v->hdr + v->n * v->esz, elem, v->esz);
	v->n++;
	return 0;
}

void *nn_vec_at(struct nn_vec *v, u32 i)
{
	return v->data + v->hdr + i * v->esz;
}

/* The array as a table: the header's first u32 is the count. */
void *nn_vec_table(struct nn_vec *v)
{
	if (!v->data) {
		v->data = kvzalloc(v->hdr, NN_GFP_READ);
		if (!v->data)
			return NULL;
	}
	*(u32 *)v->data = v->n;
	return v->data;
}

void nn_vec_free(struct nn_vec *v)
{
	kvfree(v->data);
	v->data = NULL;
	v->n = 0;
	v->cap = 0;
}

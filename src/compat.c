// SPDX-License-Identifier: GPL-2.0
/*
 * The part of compat.h that takes more than a macro: what older kernels
 * lack, built only for them.
 */

#include <linux/list.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>

#ifdef NN_COMPAT_NO_EXTACK_MSG_BUF

/*
 * Before 6.2 an extended ack points to its message, and reads it (its
 * length, then its text) after RTNL is released: a message must not change
 * or go until then. So each distinct message is copied once and kept until
 * netnotify is unloaded. Notifyees give few distinct messages; beyond
 * NN_EXTACK_MSGS_MAX, a generic one is given instead.
 */
#define NN_EXTACK_MSGS_MAX	64

struct nn_extack_text {
	struct list_head node;
	char text[];
};

/* The copies. RTNL. */
static LIST_HEAD(nn_extack_texts);
static unsigned int nn_extack_ntexts;

void nn_extack_msg(struct netlink_ext_ack *extack, const char *msg)
{
	size_t len = strnlen(msg, NETLINK_MAX_FMTMSG_LEN - 1);
	struct nn_extack_text *t;

	ASSERT_RTNL();
	if (!extack)
		return;
	list_for_each_entry(t, &nn_extack_texts, node)
		if (!strncmp(t->text, msg, len) && !t->text[len])
			goto found;
	t = NULL;
	if (nn_extack_ntexts < NN_EXTACK_MSGS_MAX)
		t = kmalloc(struct_size(t, text, len + 1), GFP_KERNEL);
	if (!t) {
		NL_SET_ERR_MSG(extack, "refused by a netnotify connection notifyee");
		return;
	}
	memcpy(t->text, msg, len);
	t->text[len] = '\0';
	list_add(&t->node, &nn_extack_texts);
	nn_extack_ntexts++;
found:
	extack->_msg = t->text;
}

void nn_extack_msgs_free(void)
{
	struct nn_extack_text *t, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(t, tmp, &nn_extack_texts, node)
		kfree(t);
	INIT_LIST_HEAD(&nn_extack_texts);
	nn_extack_ntexts = 0;
}

#endif /* NN_COMPAT_NO_EXTACK_MSG_BUF */

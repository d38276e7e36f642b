/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the connection notifyee suite (connect_util.c).
 */
#ifndef _NNT_CONNECT_UTIL_H
#define _NNT_CONNECT_UTIL_H

#include "util.h"

#define NNTC_MAX_CALLS	256

/* One call of a notifyee's function, as it saw it. */
struct nntc_call {
	int who;
	bool add;			/* add_connect, else cancel_connect */
	enum netnotify_notify_status status;
	int op_status;
	void *context;			/* as passed in */
	char name[IFNAMSIZ];
	u32 flags;
	bool removing;
	bool rtnl;			/* RTNL was held */
	bool task;			/* process context */
};

/* The calls of every notifyee of a case, in the order they were made. */
struct nntc_log {
	spinlock_t lock;		/* protects n and calls */
	unsigned int n;
	struct nntc_call calls[NNTC_MAX_CALLS];
	wait_queue_head_t wq;
};

/* A notifyee's context. */
struct nntc {
	struct nntc_log *log;
	int who;
	u32 handle;
	int veto;			/* returned at a connect's PRE */
	const char *message;		/* given with it */
	int cancel_ret;			/* returned at a cancel-connection's PRE */
	bool keep;			/* leave a context at PRE */
	bool inside;			/* try netnotify from inside, once */
	const char *nest;		/* bring it up in nnt-c0's connect POST */
	int nest_err;
	int inside_cancel, inside_register, inside_get, inside_async;
	struct completion done;		/* its asynchronous cancel is done */
	bool cancelled;			/* its cancel returned */
	atomic_t late;			/* calls after that */
	atomic_t calls;
	atomic_t vetoed;		/* opens it refused */
};

extern const struct netnotify_connect_notifyee nntc_both;

void *nntc_token(struct nntc *c, bool add);
void nntc_done(void *ctx);
struct nntc_log *nntc_log_new(struct kunit *test);
struct nntc *nntc_new(struct kunit *test, struct nntc_log *log, int who,
		      bool keep);
struct nntc *nntc_register(struct kunit *test, struct net *net,
			   struct nntc_log *log, int who, bool keep);
void nntc_unregister(struct kunit *test, struct nntc *c);
unsigned int nntc_count(struct nntc_log *log);
struct nntc_call nntc_get(struct nntc_log *log, unsigned int i);
bool nntc_wait(struct nntc_log *log, unsigned int n);
void nntc_expect(struct kunit *test, struct nntc_log *log, unsigned int i,
		 int who, bool add, enum netnotify_notify_status status,
		 int op_status);
bool nntc_is_up(struct net *net, const char *name);
bool nntc_fails_with(struct kunit *test, const char *cmd, const char *text);

#endif /* _NNT_CONNECT_UTIL_H */

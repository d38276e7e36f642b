// SPDX-License-Identifier: GPL-2.0
/*
 * A KTAP-printing runner for the KUnit suites on kernels built without
 * KUnit (stock Debian). It mimics KUnit where the suites can tell: each case
 * runs in its own kthread, a failed assertion or kunit_skip() ends that
 * thread, kunit_kzalloc() memory is freed after the case, and results are
 * printed in KTAP.
 *
 * One boot is one KTAP document: the module prints the top-level header with
 * a plan of its own suites plus ktap_extra more, which the guest script
 * prints after it, numbered from ktap_suites + 1.
 */

#include "shim.h"

#if !IS_ENABLED(CONFIG_KUNIT)

#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>

/* How long one case may run before it is reported as hung. */
#define NNT_CASE_TIMEOUT	(300 * HZ)

static unsigned int ktap_extra;
module_param(ktap_extra, uint, 0444);
MODULE_PARM_DESC(ktap_extra, "Top-level tests the caller adds after ours");

static unsigned int ktap_suites;
module_param(ktap_suites, uint, 0444);
MODULE_PARM_DESC(ktap_suites, "Suites this module ran (read-only)");

static char *filter;
module_param(filter, charp, 0444);
MODULE_PARM_DESC(filter, "Run only the suite of this name");

struct nnt_alloc {
	struct list_head node;
	u64 data[];
};

void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	struct nnt_alloc *a = kzalloc(sizeof(*a) + size, gfp);

	if (!a)
		return NULL;
	list_add(&a->node, &test->allocs);
	return a->data;
}

/* End the running case, as a failed KUnit assertion does. */
static void __noreturn nnt_abort(struct kunit *test)
{
	kthread_complete_and_exit(&test->done, 0);
}

void nnt_check(struct kunit *test, bool ok, bool assert, const char *file,
	       int line, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	if (ok)
		return;
	test->failed = true;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_info("    # %s: %s FAILED at %s:%d\n    # %pV\n", test->name,
		assert ? "ASSERTION" : "EXPECTATION", kbasename(file), line,
		&vaf);
	va_end(args);
	if (assert)
		nnt_abort(test);
}

void nnt_streq(struct kunit *test, const char *a, const char *b,
	       const char *what, const char *file, int line)
{
	nnt_check(test, !strcmp(a, b), false, file, line,
		  "Expected %s, but \"%s\" vs \"%s\"", what, a, b);
}

void nnt_skip(struct kunit *test, bool abort, const char *fmt, ...)
{
	va_list args;

	test->skipped = true;
	va_start(args, fmt);
	vscnprintf(test->skip_reason, sizeof(test->skip_reason), fmt, args);
	va_end(args);
	if (abort)
		nnt_abort(test);
}

struct nnt_ctx {
	struct kunit_suite *suite;
	struct kunit_case *tc;
	struct kunit test;
};

static int nnt_case_thread(void *data)
{
	struct nnt_ctx *ctx = data;
	struct kunit *test = &ctx->test;

	if (ctx->suite->init && ctx->suite->init(test))
		NNT_CHECK(test, false, true, "suite init failed");
	ctx->tc->run_case(test);
	kthread_complete_and_exit(&test->done, 0);
}

/* Returns 0 passed, 1 failed, 2 skipped. */
static int nnt_run_case(struct kunit_suite *suite, struct kunit_case *tc,
			unsigned int n)
{
	struct nnt_alloc *a, *tmp;
	struct task_struct *t;
	struct nnt_ctx *ctx;
	struct kunit *test;
	int res;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return 1;
	ctx->suite = suite;
	ctx->tc = tc;
	test = &ctx->test;
	test->name = tc->name;
	INIT_LIST_HEAD(&test->allocs);
	init_completion(&test->done);

	t = kthread_run(nnt_case_thread, ctx, "nnt_%s", tc->name);
	if (IS_ERR(t)) {
		test->failed = true;
	} else if (!wait_for_completion_timeout(&test->done,
						NNT_CASE_TIMEOUT)) {
		/* The thread still uses @ctx: leak it rather than crash. */
		pr_info("    # %s: timed out\n", tc->name);
		pr_info("    not ok %u %s\n", n, tc->name);
		return 1;
	}

	if (suite->exit)
		suite->exit(test);

	if (test->failed) {
		pr_info("    not ok %u %s\n", n, tc->name);
		res = 1;
	} else if (test->skipped) {
		pr_info("    ok %u %s # SKIP %s\n", n, tc->name,
			test->skip_reason);
		res = 2;
	} else {
		pr_info("    ok %u %s\n", n, tc->name);
		res = 0;
	}

	list_for_each_entry_safe(a, tmp, &test->allocs, node)
		kfree(a);
	kfree(ctx);
	return res;
}

static bool nnt_run_suite(struct kunit_suite *suite, unsigned int n)
{
	unsigned int count[3] = {}, ncases = 0, i;
	struct kunit_case *tc;

	for (tc = suite->test_cases; tc->run_case; tc++)
		ncases++;

	pr_info("    KTAP version 1\n");
	pr_info("    # Subtest: %s\n", suite->name);
	pr_info("    1..%u\n", ncases);

	if (suite->suite_init && suite->suite_init(suite)) {
		for (i = 1; i <= ncases; i++)
			pr_info("    not ok %u %s\n", i, suite->test_cases[i - 1].name);
		pr_info("not ok %u %s\n", n, suite->name);
		return false;
	}

	i = 1;
	for (tc = suite->test_cases; tc->run_case; tc++)
		count[nnt_run_case(suite, tc, i++)]++;

	if (suite->suite_exit)
		suite->suite_exit(suite);

	pr_info("# %s: pass:%u fail:%u skip:%u total:%u\n", suite->name,
		count[0], count[1], count[2], ncases);
	pr_info("%sok %u %s\n", count[1] ? "not " : "", n, suite->name);
	return !count[1];
}

static int __init nnt_shim_init(void)
{
	struct kunit_suite **suites = nnt_shim_suites, **s;
	unsigned int n = 0;

	for (s = suites; *s; s++)
		if (!filter || !strcmp(filter, (*s)->name))
			ktap_suites++;

	pr_info("KTAP version 1\n");
	pr_info("1..%u\n", ktap_suites + ktap_extra);
	for (s = suites; *s; s++)
		if (!filter || !strcmp(filter, (*s)->name))
			nnt_run_suite(*s, ++n);
	return 0;
}

static void __exit nnt_shim_exit(void)
{
}

module_init(nnt_shim_init);
module_exit(nnt_shim_exit);

#endif /* !CONFIG_KUNIT */

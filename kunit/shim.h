/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subset of the KUnit API the netnotify suites use. With CONFIG_KUNIT it
 * is KUnit itself. Stock Debian kernels have no KUnit, so there the same
 * suites build against a small runner (shim.c) that prints KTAP at module
 * load: each case runs in its own kthread, and a failed assertion ends that
 * thread, as in KUnit.
 */
#ifndef _NNT_SHIM_H
#define _NNT_SHIM_H

#if IS_ENABLED(CONFIG_KUNIT)

#include <kunit/test.h>

#else /* !CONFIG_KUNIT */

#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

struct kunit {
	const char *name;
	void *priv;
	bool failed;
	bool skipped;
	char skip_reason[128];
	struct list_head allocs;
	struct completion done;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char name[64];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

#define KUNIT_CASE(fn) { .run_case = fn, .name = #fn }

int nnt_run_suites(struct kunit_suite **suites);

/*
 * End the running case. A macro around a function objtool knows does not
 * return, so it can follow the control flow of the calling test.
 */
#define nnt_abort(test)	kthread_complete_and_exit(&(test)->done, 0)
void nnt_fail(struct kunit *test, const char *file, int line,
	      const char *fmt, ...) __printf(4, 5);
void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp);

#define kunit_test_suites(...)						\
	static struct kunit_suite *nnt_suites[] = { __VA_ARGS__, NULL };\
	static int __init nnt_shim_init(void)				\
	{								\
		return nnt_run_suites(nnt_suites);			\
	}								\
	static void __exit nnt_shim_exit(void)				\
	{								\
	}								\
	module_init(nnt_shim_init);					\
	module_exit(nnt_shim_exit)

/* KTAP lines carry no module prefix, hence printk() and not pr_info(). */
#define kunit_info(test, fmt, ...) \
	printk(KERN_INFO "    # %s: " fmt "\n", (test)->name, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...) \
	printk(KERN_ERR "    # %s: " fmt "\n", (test)->name, ##__VA_ARGS__)

#define kunit_mark_skipped(test, fmt, ...) do {				\
	(test)->skipped = true;						\
	scnprintf((test)->skip_reason, sizeof((test)->skip_reason),	\
		  fmt, ##__VA_ARGS__);					\
} while (0)

#define kunit_skip(test, fmt, ...) do {					\
	kunit_mark_skipped(test, fmt, ##__VA_ARGS__);			\
	nnt_abort(test);						\
} while (0)

#define KUNIT_FAIL(test, fmt, ...)					\
	nnt_fail(test, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define NNT_CHECK(test, ok, assert, fmt, ...) do {			\
	if (!(ok)) {							\
		nnt_fail(test, __FILE__, __LINE__, fmt, ##__VA_ARGS__);	\
		if (assert)						\
			nnt_abort(test);				\
	}								\
} while (0)

#define NNT_CMP(test, a, op, b, assert) do {				\
	long long __a = (long long)(a), __b = (long long)(b);		\
	NNT_CHECK(test, __a op __b, assert,				\
		  "Expected %s %s %s, but %lld vs %lld", #a, #op, #b,	\
		  __a, __b);						\
} while (0)

#define NNT_PCMP(test, a, op, b, assert) do {				\
	const void *__a = (a), *__b = (b);				\
	NNT_CHECK(test, __a op __b, assert,				\
		  "Expected %s %s %s, but %px vs %px", #a, #op, #b,	\
		  __a, __b);						\
} while (0)

#define KUNIT_EXPECT_TRUE(t, c)	NNT_CHECK(t, !!(c), false, "Expected %s", #c)
#define KUNIT_EXPECT_FALSE(t, c) NNT_CHECK(t, !(c), false, "Expected !(%s)", #c)
#define KUNIT_EXPECT_EQ(t, a, b)	NNT_CMP(t, a, ==, b, false)
#define KUNIT_EXPECT_NE(t, a, b)	NNT_CMP(t, a, !=, b, false)
#define KUNIT_EXPECT_LT(t, a, b)	NNT_CMP(t, a, <, b, false)
#define KUNIT_EXPECT_LE(t, a, b)	NNT_CMP(t, a, <=, b, false)
#define KUNIT_EXPECT_GT(t, a, b)	NNT_CMP(t, a, >, b, false)
#define KUNIT_EXPECT_GE(t, a, b)	NNT_CMP(t, a, >=, b, false)
#define KUNIT_EXPECT_PTR_EQ(t, a, b)	NNT_PCMP(t, a, ==, b, false)
#define KUNIT_EXPECT_NULL(t, a)		NNT_PCMP(t, a, ==, NULL, false)
#define KUNIT_EXPECT_NOT_NULL(t, a)	NNT_PCMP(t, a, !=, NULL, false)
#define KUNIT_EXPECT_STREQ(t, a, b)					\
	NNT_CHECK(t, !strcmp(a, b), false, "Expected %s == %s, \"%s\" vs \"%s\"", \
		  #a, #b, a, b)
#define NNT_CMP_MSG(test, a, op, b, assert, fmt, ...) do {		\
	long long __a = (long long)(a), __b = (long long)(b);		\
	NNT_CHECK(test, __a op __b, assert,				\
		  "Expected %s %s %s, but %lld vs %lld: " fmt, #a, #op,	\
		  #b, __a, __b, ##__VA_ARGS__);				\
} while (0)

#define KUNIT_EXPECT_TRUE_MSG(t, c, fmt, ...)				\
	NNT_CHECK(t, !!(c), false, "Expected %s: " fmt, #c, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(t, c, fmt, ...)				\
	NNT_CHECK(t, !(c), false, "Expected !(%s): " fmt, #c, ##__VA_ARGS__)
#define KUNIT_EXPECT_EQ_MSG(t, a, b, fmt, ...)				\
	NNT_CMP_MSG(t, a, ==, b, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE_MSG(t, a, b, fmt, ...)				\
	NNT_CMP_MSG(t, a, !=, b, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE_MSG(t, a, b, fmt, ...)				\
	NNT_CMP_MSG(t, a, >=, b, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE_MSG(t, a, b, fmt, ...)				\
	NNT_CMP_MSG(t, a, <=, b, false, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_TRUE(t, c)	NNT_CHECK(t, !!(c), true, "Expected %s", #c)
#define KUNIT_ASSERT_FALSE(t, c) NNT_CHECK(t, !(c), true, "Expected !(%s)", #c)
#define KUNIT_ASSERT_EQ(t, a, b)	NNT_CMP(t, a, ==, b, true)
#define KUNIT_ASSERT_NE(t, a, b)	NNT_CMP(t, a, !=, b, true)
#define KUNIT_ASSERT_LT(t, a, b)	NNT_CMP(t, a, <, b, true)
#define KUNIT_ASSERT_LE(t, a, b)	NNT_CMP(t, a, <=, b, true)
#define KUNIT_ASSERT_GT(t, a, b)	NNT_CMP(t, a, >, b, true)
#define KUNIT_ASSERT_GE(t, a, b)	NNT_CMP(t, a, >=, b, true)
#define KUNIT_ASSERT_NOT_NULL(t, a)	NNT_PCMP(t, a, !=, NULL, true)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(t, a)				\
	NNT_CHECK(t, !IS_ERR_OR_NULL(a), true, "Expected %s to be a pointer", #a)
#define KUNIT_ASSERT_TRUE_MSG(t, c, fmt, ...)				\
	NNT_CHECK(t, !!(c), true, "Expected %s: " fmt, #c, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ_MSG(t, a, b, fmt, ...)				\
	NNT_CMP_MSG(t, a, ==, b, true, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE_MSG(t, a, b, fmt, ...)				\
	NNT_CMP_MSG(t, a, >=, b, true, fmt, ##__VA_ARGS__)

#endif /* CONFIG_KUNIT */

#endif /* _NNT_SHIM_H */

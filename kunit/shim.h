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
#include <linux/list.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

/* KTAP lines carry no module prefix. */
#undef pr_fmt
#define pr_fmt(fmt) fmt

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

/* The module's suites; shim.c runs them at load. */
extern struct kunit_suite *nnt_shim_suites[];
#define kunit_test_suites(...) \
	struct kunit_suite *nnt_shim_suites[] = { __VA_ARGS__, NULL }

void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp);
void nnt_check(struct kunit *test, bool ok, bool assert, const char *file,
	       int line, const char *fmt, ...) __printf(6, 7);
void nnt_skip(struct kunit *test, bool abort, const char *fmt, ...)
	__printf(3, 4);
void nnt_streq(struct kunit *test, const char *a, const char *b,
	       const char *what, const char *file, int line);

#define kunit_info(test, fmt, ...) \
	pr_info("    # %s: " fmt "\n", (test)->name, ##__VA_ARGS__)
#define kunit_mark_skipped(test, fmt, ...) \
	nnt_skip(test, false, fmt, ##__VA_ARGS__)
#define kunit_skip(test, fmt, ...) \
	nnt_skip(test, true, fmt, ##__VA_ARGS__)
#define KUNIT_FAIL(test, fmt, ...) \
	nnt_check(test, false, false, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define NNT_CHECK(test, ok, assert, fmt, ...) \
	nnt_check(test, ok, assert, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define NNT_CMP(t, a, op, b, assert, fmt, ...) do {			\
	long long __a = (long long)(a), __b = (long long)(b);		\
	NNT_CHECK(t, __a op __b, assert,				\
		  "Expected %s %s %s, but %lld vs %lld " fmt, #a, #op,	\
		  #b, __a, __b, ##__VA_ARGS__);				\
} while (0)

#define NNT_PCMP(t, a, op, b, assert) do {				\
	const void *__a = (a), *__b = (b);				\
	NNT_CHECK(t, __a op __b, assert, "Expected %s %s %s",		\
		  #a, #op, #b);						\
} while (0)

#define KUNIT_EXPECT_TRUE(t, c) NNT_CHECK(t, c, false, "Expected %s", #c)
#define KUNIT_EXPECT_FALSE(t, c) NNT_CHECK(t, !(c), false, "Expected !(%s)", #c)
#define KUNIT_EXPECT_EQ(t, a, b)	NNT_CMP(t, a, ==, b, false, "")
#define KUNIT_EXPECT_NE(t, a, b)	NNT_CMP(t, a, !=, b, false, "")
#define KUNIT_EXPECT_LT(t, a, b)	NNT_CMP(t, a, <, b, false, "")
#define KUNIT_EXPECT_LE(t, a, b)	NNT_CMP(t, a, <=, b, false, "")
#define KUNIT_EXPECT_GT(t, a, b)	NNT_CMP(t, a, >, b, false, "")
#define KUNIT_EXPECT_GE(t, a, b)	NNT_CMP(t, a, >=, b, false, "")
#define KUNIT_EXPECT_NULL(t, a)		NNT_PCMP(t, a, ==, NULL, false)
#define KUNIT_EXPECT_NOT_NULL(t, a)	NNT_PCMP(t, a, !=, NULL, false)
#define KUNIT_EXPECT_STREQ(t, a, b) \
	nnt_streq(t, a, b, #a " == " #b, __FILE__, __LINE__)

#define KUNIT_EXPECT_TRUE_MSG(t, c, fmt, ...) \
	NNT_CHECK(t, c, false, "Expected %s: " fmt, #c, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(t, c, fmt, ...) \
	NNT_CHECK(t, !(c), false, "Expected !(%s): " fmt, #c, ##__VA_ARGS__)
#define KUNIT_EXPECT_EQ_MSG(t, a, b, fmt, ...) \
	NNT_CMP(t, a, ==, b, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE_MSG(t, a, b, fmt, ...) \
	NNT_CMP(t, a, !=, b, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE_MSG(t, a, b, fmt, ...) \
	NNT_CMP(t, a, >=, b, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE_MSG(t, a, b, fmt, ...) \
	NNT_CMP(t, a, <=, b, false, fmt, ##__VA_ARGS__)

#define KUNIT_ASSERT_TRUE(t, c) NNT_CHECK(t, c, true, "Expected %s", #c)
#define KUNIT_ASSERT_FALSE(t, c) NNT_CHECK(t, !(c), true, "Expected !(%s)", #c)
#define KUNIT_ASSERT_EQ(t, a, b)	NNT_CMP(t, a, ==, b, true, "")
#define KUNIT_ASSERT_NE(t, a, b)	NNT_CMP(t, a, !=, b, true, "")
#define KUNIT_ASSERT_LT(t, a, b)	NNT_CMP(t, a, <, b, true, "")
#define KUNIT_ASSERT_LE(t, a, b)	NNT_CMP(t, a, <=, b, true, "")
#define KUNIT_ASSERT_GT(t, a, b)	NNT_CMP(t, a, >, b, true, "")
#define KUNIT_ASSERT_GE(t, a, b)	NNT_CMP(t, a, >=, b, true, "")
#define KUNIT_ASSERT_NOT_NULL(t, a)	NNT_PCMP(t, a, !=, NULL, true)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(t, a) \
	NNT_CHECK(t, !IS_ERR_OR_NULL(a), true, "Expected %s to be valid", #a)
#define KUNIT_ASSERT_TRUE_MSG(t, c, fmt, ...) \
	NNT_CHECK(t, c, true, "Expected %s: " fmt, #c, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ_MSG(t, a, b, fmt, ...) \
	NNT_CMP(t, a, ==, b, true, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE_MSG(t, a, b, fmt, ...) \
	NNT_CMP(t, a, >=, b, true, fmt, ##__VA_ARGS__)

#endif /* CONFIG_KUNIT */

#endif /* _NNT_SHIM_H */

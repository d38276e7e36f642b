// SPDX-License-Identifier: GPL-2.0
/*
 * Foundation: the module is loaded, exports its symbols into the NETNOTIFY
 * namespace, and publishes its sysfs tree.
 */

#include "suites.h"
#include "util.h"

#include <linux/namei.h>
#include <linux/string.h>

/* /sys/kernel/netnotify/version holds the version the header promises. */
static void nnt_version_file(struct kunit *test)
{
	char buf[64];

	KUNIT_ASSERT_GT(test, nnt_read_file("/sys/kernel/netnotify/version",
					    buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, strim(buf), NETNOTIFY_VERSION);
}

/* The exported symbol resolves through the namespace import and answers. */
static void nnt_version_symbol(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, netnotify_version(), NETNOTIFY_VERSION);
}

static int nnt_mode(const char *path)
{
	struct path p;
	int mode;

	if (kern_path(path, 0, &p))
		return -1;
	mode = d_inode(p.dentry)->i_mode & 0777;
	path_put(&p);
	return mode;
}

/* Every summary file exists, is root-only and holds a number. */
static void nnt_sysfs_tree(struct kunit *test)
{
	static const char *const files[] = {
		"live_handles", "events_captured", "events_delivered",
		"events_dropped", "resyncs", "overruns", "forged",
	};
	char path[96];
	int i;

	KUNIT_EXPECT_TRUE(test, nnt_path_exists("/sys/kernel/netnotify/handles"));
	KUNIT_EXPECT_EQ(test, nnt_mode("/sys/kernel/netnotify/version"), 0400);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "/sys/kernel/netnotify/%s", files[i]);
		KUNIT_EXPECT_EQ_MSG(test, nnt_mode(path), 0400, "%s", path);
		KUNIT_EXPECT_GE_MSG(test, nnt_read_ll("%s", path), 0, "%s", path);
	}
}

static struct kunit_case nnt_core_cases[] = {
	KUNIT_CASE(nnt_version_file),
	KUNIT_CASE(nnt_version_symbol),
	KUNIT_CASE(nnt_sysfs_tree),
	{}
};

struct kunit_suite nnt_core_suite = {
	.name = "netnotify_core",
	.test_cases = nnt_core_cases,
};

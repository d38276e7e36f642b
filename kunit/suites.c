// SPDX-License-Identifier: GPL-2.0
/*
 * The netnotify self-test module: every suite, registered in one place so
 * the same list serves KUnit and the KTAP shim.
 */

#include "shim.h"
#include "suites.h"

kunit_test_suites(&nnt_core_suite, &nnt_handle_suite, &nnt_iface_suite,
		  &nnt_addr_suite, &nnt_table_suite, &nnt_route_suite,
		  &nnt_device_suite, &nnt_unregister_suite, &nnt_connect_suite,
		  &nnt_connevent_suite, &nnt_im_suite, &nnt_forge_suite,
		  &nnt_fault_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("netnotify self-tests (KUnit, or KTAP on kernels without KUnit)");
MODULE_IMPORT_NS(NETNOTIFY);

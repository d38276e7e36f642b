/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NNT_SUITES_H
#define _NNT_SUITES_H

#include "shim.h"

extern struct kunit_suite nnt_core_suite;
extern struct kunit_suite nnt_handle_suite;
extern struct kunit_suite nnt_iface_suite;
extern struct kunit_suite nnt_addr_suite;
extern struct kunit_suite nnt_table_suite;
extern struct kunit_suite nnt_route_suite;
extern struct kunit_suite nnt_forge_suite;
extern struct kunit_suite nnt_fault_suite;
extern struct kunit_suite nnt_device_suite;
extern struct kunit_suite nnt_unregister_suite;
extern struct kunit_suite nnt_connect_suite;
extern struct kunit_suite nnt_connevent_suite;
extern struct kunit_suite nnt_im_suite;

#endif /* _NNT_SUITES_H */

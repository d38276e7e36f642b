/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels netnotify supports lives here. Kbuild
 * force-includes this header and defines NN_COMPAT_* from feature probes in
 * compat.mk; nothing else in the tree tests kernel versions.
 */
#ifndef _NN_COMPAT_H
#define _NN_COMPAT_H

#include <linux/export.h>
#include <linux/module.h>

/* The symbol namespace became a string literal in 6.13. */
#ifdef NN_COMPAT_NS_IDENTIFIER
#define NN_EXPORT(sym)		EXPORT_SYMBOL_NS_GPL(sym, NETNOTIFY)
#define NN_IMPORT_NS()		MODULE_IMPORT_NS(NETNOTIFY)
#else
#define NN_EXPORT(sym)		EXPORT_SYMBOL_NS_GPL(sym, "NETNOTIFY")
#define NN_IMPORT_NS()		MODULE_IMPORT_NS("NETNOTIFY")
#endif

#endif /* _NN_COMPAT_H */

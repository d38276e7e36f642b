/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels netnotify supports lives here. Kbuild
 * force-includes this header and defines NN_COMPAT_* from feature probes in
 * compat.mk; nothing else in the tree tests kernel versions.
 */
#ifndef _NN_COMPAT_H
#define _NN_COMPAT_H

/*
 * EXPORT_SYMBOL_NS_GPL() and MODULE_IMPORT_NS() take the namespace as a bare
 * identifier up to 6.12 and as a string literal from 6.13. The code always
 * writes the identifier NETNOTIFY; where a string is wanted, it is a macro
 * for one.
 */
#ifndef NN_COMPAT_NS_IDENTIFIER
#define NETNOTIFY "NETNOTIFY"
#endif

/* Private to net/ipv6/addrconf.c before 6.3; the value is ABI. */
#ifdef NN_COMPAT_NO_INFINITY_LIFE_TIME
#define INFINITY_LIFE_TIME	0xFFFFFFFF
#endif

#endif /* _NN_COMPAT_H */

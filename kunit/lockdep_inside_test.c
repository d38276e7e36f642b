// SPDX-License-Identifier: GPL-2.0
/*
 * The lockdep report for a cancel made inside another handle's callback,
 * in a module (and a boot) of its own: see lockdep_test.c.
 */
#define NNT_LOCKDEP_INSIDE
#include "lockdep_test.c"

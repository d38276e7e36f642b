#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a guest's kernel log: KTAP results plus kernel splats.

Every leaf test result (a case, or a suite without cases) counts once.
Plans that were announced but not fulfilled (a guest that died half way)
count the missing results as failures, and so does every expected suite
that never reported. Any lockdep, KASAN, UBSAN, WARN, BUG or Oops report in
the log is one more failure, whatever the results say, unless it matches an
--allow pattern (used by the boot that provokes a lockdep report on
purpose).

Prints a short summary and writes "passed failed skipped" to --out.
"""

import argparse
import re
import sys

TIMESTAMP = re.compile(r'^\[\s*\d+\.\d+\]\s?')
RESULT = re.compile(r'^(\s*)(ok|not ok) (\d+)(?: -)? ?(.*?)\s*(#\s*(SKIP|skip)\b.*)?$')
PLAN = re.compile(r'^(\s*)1\.\.(\d+)\s*$')
SUBTEST = re.compile(r'^\s*# Subtest: (\S+)')

SPLATS = [
    r'WARNING: ', r'BUG: ', r'BUG kmalloc', r'kernel BUG at', r'Oops',
    r'general protection fault', r'Kernel panic',
    r'possible circular locking dependency', r'possible recursive locking',
    r'inconsistent lock state', r'suspicious RCU usage',
    r'DEBUG_LOCKS_WARN_ON', r'INFO: ', r'turning off the locking',
    r'KASAN', r'UBSAN', r'ODEBUG', r'watchdog: BUG: soft lockup',
    r'rcu: INFO: .* stall', r'detected stalls', r'Call Trace:',
    r'cut here', r'Disabling lock debugging',
]
# Harmless lines that match the above.
BENIGN = [
    r'KASAN init', r'KernelAddressSanitizer initialized',
]
# Reports that are not problems: (first line, text that must appear in the
# report's next lines).
# - UML 6.1 walks the maple tree without RCU in force_flush_all() at every
#   fork (a kernel bug, fixed upstream later).
# - KUnit runs a module's cases from its insmod, which waits for each case
#   in D state: a case that runs longer than the hung-task limit (120 s in
#   UML, so that a deadlock reports before the stall watchdog) makes insmod
#   "blocked" by design. KUnit's own timeout bounds the case, and the
#   case's thread is still reported should it hang.
KNOWN = [
    (r'suspicious RCU usage', r'force_flush_all'),
    (r'INFO: task insmod:\d+ blocked for more than', r'kunit_try_catch_run'),
]
KNOWN_SPAN = 60


def parse(lines, allow):
    passed = failed = skipped = 0
    failures, splats, suites = [], [], set()
    prev_indent = None
    plans = []          # [indent, expected, seen]
    marks = {}          # subtest indent -> failures counted at its start

    skip_until = -1
    for i, raw in enumerate(lines):
        line = TIMESTAMP.sub('', raw.rstrip('\n'))
        # Console prefixes some lines with a facility/level from /dev/kmsg.
        line = re.sub(r'^<\d+>', '', line)

        m = SUBTEST.match(line)
        if m:
            suites.add(m.group(1))
            # Failures counted so far, to tell whether a suite that says
            # "not ok" had a failing case counted.
            marks[len(line) - len(line.lstrip())] = failed

        m = PLAN.match(line)
        if m:
            plans.append([len(m.group(1)), int(m.group(2)), 0])
            continue

        m = RESULT.match(line)
        if m:
            indent = len(m.group(1))
            ok = m.group(2) == 'ok'
            name = m.group(4).strip()
            skip = m.group(5) is not None
            # Close the plans of subtests this result ends.
            while plans and plans[-1][0] > indent:
                ind, want, seen = plans.pop()
                if seen < want:
                    failed += want - seen
                    failures.append('%s: %d of %d results missing'
                                    % (name, want - seen, want))
            if plans and plans[-1][0] == indent:
                plans[-1][2] += 1
            if indent == 0:
                suites.add(name)
            leaf = prev_indent is None or prev_indent <= indent
            if leaf:
                if not ok:
                    failed += 1
                    failures.append(name)
                elif skip:
                    skipped += 1
                else:
                    passed += 1
            elif not ok and failed == marks.get(prev_indent, failed):
                # A suite that failed with no failing case seen: count it.
                failed += 1
                failures.append('%s (the suite says not ok)' % name)
            prev_indent = indent
            continue

        if line.lstrip().startswith('#') or i < skip_until:
            continue
        for first, sig in KNOWN:
            if re.search(first, line) and any(
                    re.search(sig, l) for l in lines[i:i + KNOWN_SPAN]):
                skip_until = i + KNOWN_SPAN
        if i < skip_until:
            continue
        if any(re.search(p, line) for p in SPLATS) and \
                not any(re.search(p, line) for p in BENIGN):
            if any(re.search(p, line) for p in allow):
                continue
            splats.append(line.strip())

    for ind, want, seen in plans:
        if seen < want:
            failed += want - seen
            failures.append('%d of %d results missing (guest died?)'
                            % (want - seen, want))
    return passed, failed, skipped, failures, splats, suites


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('log')
    ap.add_argument('--tier', default='tests')
    ap.add_argument('--expect', default='',
                    help='comma-separated suites that must report')
    ap.add_argument('--require', action='append', default=[],
                    help='text that must appear (e.g. the guest finished)')
    ap.add_argument('--allow', action='append', default=[],
                    help='regex of a splat line that is expected')
    ap.add_argument('--out')
    a = ap.parse_args()

    with open(a.log, errors='replace') as f:
        lines = f.readlines()
    passed, failed, skipped, failures, splats, suites = parse(lines, a.allow)

    for s in filter(None, a.expect.split(',')):
        if s not in suites:
            failed += 1
            failures.append('suite %s never reported' % s)
    for req in a.require:
        if not any(req in l for l in lines):
            failed += 1
            failures.append('"%s" missing from the log' % req)
    if splats:
        failed += 1
        failures.append('kernel reported problems:')
        failures.extend('    ' + s for s in splats[:30])

    print('%s: %d passed, %d failed, %d skipped' % (a.tier, passed, failed,
                                                    skipped))
    for f in failures:
        print('  FAILED %s' % f)
    if a.out:
        with open(a.out, 'w') as f:
            f.write('%d %d %d\n' % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

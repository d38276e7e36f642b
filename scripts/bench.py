#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench, on the host: the table of figures from a guest log.

The guest (scripts/guest/bench.sh) logs "bench| <series> <label> <value>" per
repetition and "bench| check <name> ok|fail". Each figure below is the
median of its repetitions, with min and max, beside its baseline's; the
ratio is netnotify's median over the baseline's. A goal is met or not; the
run fails only when a check failed or a figure is missing (a goal missed is
reported, with its reason in Documentation/netnotify.rst, "Performance").
"""

import argparse
import json
import math
import re
import statistics
import sys

# The RTNL path: each configuration of the route and the address batches
# against its baseline configuration ("ip monitor" for routes only).
RTNL = [
    ("loaded, no handle", "loaded", "unloaded", "ratio", 1.05),
    ("1 handle of each kind", "one", "unloaded", "ratio", 1.05),
    ("1,024 handles of each kind", "many", "unloaded", "ratio", 1.05),
    ("1,024 against 1 handle", "many", "one", "ratio", 1.05),
    ("ip monitor (any listener)", "monitor", "unloaded", "info", None),
]

# (figure, netnotify series, baseline series, unit, goal kind, goal).
# Goal kinds: "ratio" (netnotify / baseline <= goal), "abs" (netnotify's
# median <= goal), "info" (no goal). A series is "<name> <label>"; a baseline
# of None has none. "cache" is derived: route slab with a route handle less
# the kernel's own.
FIGURES = [
    (f"1. RTNL path: {what}, {label}", f"{series} {cfg}", f"{series} {base}",
     "s", kind, goal)
    for what, series in (("routes", "rtnl_route"), ("addresses", "rtnl_addr"))
    for label, cfg, base, kind, goal in RTNL
    if cfg != "monitor" or series == "rtnl_route"
] + [
    ("2. Delivery latency, median", "latency_p50 netnotify",
     "latency_p50 floor", "us", "ratio", 1.2),
    ("2. Delivery latency, 99th percentile", "latency_p99 netnotify",
     "latency_p99 floor", "us", "info", None),
    ("2. Delivery latency, median, unbound floor", "latency_p50 netnotify",
     "latency_p50 unbound", "us", "info", None),
    ("3. Cancel: register+cancel pair", "cancel netnotify", "cancel floor",
     "us", "ratio", 0.01),
    ("4. Table read of all IPv4 routes", "table netnotify", "table dump",
     "ms", "ratio", 1.0),
    ("5. Fan-out to 64 handles: tail / insert time", "fanout_tail netnotify",
     "fanout_insert_s netnotify", "", "abs", 0.10),
    ("6. Memory per live handle", "handle_bytes netnotify", None, "B",
     "abs", 256),
    ("6. Memory per live handle, handle_dirs=0", "handle_bytes nodirs",
     None, "B", "abs", 256),
    ("6. Memory per queued event", "queued_event_bytes netnotify", None, "B",
     "abs", 128),
    ("6. Memory per cached route row", "cache", "route_slab_bytes unloaded",
     "B", "ratio", 1.0),
    ("7. Scale: namespace creation", "netns_create netnotify",
     "netns_create unloaded", "s", "info", None),
    ("7. Scale: namespace deletion", "netns_delete netnotify",
     "netns_delete unloaded", "s", "info", None),
]

# Checks a complete run must have logged (each at least once).
REQUIRED_CHECKS = {
    "latency_samples", "rtnl_unloaded", "rtnl_routes_back",
    "fanout_every_event", "table_rows", "scale_handles", "scale_events",
    "scale_netns_freed", "scale_no_lockup", "memory_nodirs_load",
    "memory_nodirs_none",
}

# Raw values are logged in ns (latency, cancel, table) or as they are.
SCALE = {"us": 1e-3, "ms": 1e-6}
RAW_NS = ("latency_p50", "latency_p99", "cancel", "table")


def parse(path):
    series, checks = {}, []
    line_re = re.compile(r"bench\| (\S+) (\S+) (\S+)(?: (.*))?$")
    with open(path, errors="replace") as f:
        for line in f:
            m = line_re.search(line.rstrip())
            if not m:
                continue
            name, label, value = m.group(1), m.group(2), m.group(3)
            if name == "check":
                checks.append({"name": label, "ok": value == "ok"})
                continue
            try:
                v = float(value)
            except ValueError:
                v = math.nan
            if not math.isfinite(v):
                checks.append({"name": f"{name} {label}", "ok": False})
                continue
            series.setdefault(f"{name} {label}", []).append(v)
    # The route cache per row, repetition by repetition.
    one = series.get("route_slab_bytes one", [])
    base = series.get("route_slab_bytes unloaded", [])
    if one and base:
        series["cache"] = [a - b for a, b in zip(one, base)]
    return series, checks


def stats(values, unit, name):
    k = SCALE.get(unit, 1) if name.split()[0] in RAW_NS else 1
    v = [x * k for x in values]
    return {"median": statistics.median(v), "min": min(v), "max": max(v),
            "n": len(v), "unit": unit}


def fmt(x):
    if x is None:
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--json", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--partial", action="store_true",
                    help="some figures were not run (NN_BENCH_ONLY)")
    args = ap.parse_args()
    args.reps = max(args.reps, 1)

    series, checks = parse(args.log)
    with open(args.log, errors="replace") as f:
        text = f.read()
    m = re.search(r"# bench: (\d+ CPUs, [^,\s]+)", text)
    kernel = m.group(1) if m else ""
    # The guest must have finished, and without a kernel report.
    checks.append({"name": "guest_complete",
                   "ok": "netnotify: guest run complete" in text})
    checks.append({"name": "no_kernel_report",
                   "ok": not re.search(r"Kernel panic|BUG:|Oops|WARNING:|"
                                       r"soft lockup|rcu.*stall", text)})
    if not args.partial:
        seen = {c["name"] for c in checks}
        for name in REQUIRED_CHECKS - seen:
            checks.append({"name": name, "ok": False})
    rows, missing = [], []
    for fig, nn, base, unit, kind, goal in FIGURES:
        if len(series.get(nn, [])) < args.reps or \
                (base and len(series.get(base, [])) < args.reps):
            missing.append(fig)
            continue
        a = stats(series[nn], unit, nn)
        b = stats(series[base], unit, base) if base else None
        ratio = (a["median"] / b["median"]
                 if kind != "abs" and b and b["median"] else None)
        if kind == "ratio":
            met = ratio is not None and ratio <= goal
            goal_s = f"<= {goal}x"
        elif kind == "abs":
            met = a["median"] <= goal
            goal_s = f"<= {goal}{unit}"
        else:
            met, goal_s = None, "-"
        rows.append({"figure": fig, "netnotify": a, "baseline": b,
                     "ratio": ratio, "goal": goal_s, "met": met})

    print(f"make bench: {kernel}, median of {args.reps} (min-max)")
    head = f"{'figure':52} {'netnotify':>22} {'baseline':>22} {'ratio':>7} {'goal':>9} met"
    print(head)
    print("-" * len(head))
    for r in rows:
        a, b = r["netnotify"], r["baseline"]
        cell = lambda s: (f"{fmt(s['median'])} ({fmt(s['min'])}-{fmt(s['max'])})"
                          if s else "-")
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        print(f"{r['figure']:52} {cell(a):>22} {cell(b):>22} "
              f"{fmt(r['ratio']):>7} {r['goal']:>9} {met}")
    failed = [c["name"] for c in checks if not c["ok"]]
    print(f"checks: {len(checks) - len(failed)} passed, {len(failed)} failed"
          + (": " + ", ".join(sorted(set(failed))) if failed else ""))
    for fig in missing:
        print(f"missing: {fig}")
    with open(args.json, "w") as f:
        json.dump({"kernel": kernel, "repetitions": args.reps,
                   "figures": rows, "checks": checks, "missing": missing},
                  f, indent=1)
    print(f"JSON: {args.json}")
    return 1 if failed or (missing and not args.partial) else 0


if __name__ == "__main__":
    sys.exit(main())

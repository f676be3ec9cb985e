#!/usr/bin/env python3
"""Splits page_sweep's sweeps by whether the VM's kdamond ran meanwhile (bench/page-sweep.sh).

Usage: page_sweep.py SWEEPS SCHED   (SWEEPS: page_sweep's output; SCHED: `perf script -F cpu,time,event,trace` of a
sched_switch trace taken with -k mono, the sweeps' clock)
"""
import re
import statistics
import sys

from trip_sched import SWITCH  # the sched_switch fields, as perf script prints them

LINE = re.compile(r"\[(\d+)\]\s+([\d.]+):")


def kdamond_runs(sched):
    """(start, end) of each stretch a kdamond thread held a CPU."""
    on, runs = {}, []
    for line in open(sched):
        at, switch = LINE.search(line), SWITCH.search(line)
        if not at or not switch:
            continue
        cpu, t = int(at.group(1)), float(at.group(2))
        if switch.group(1).startswith("kdamond") and cpu in on:
            runs.append((on.pop(cpu), t))
        if switch.group(4).startswith("kdamond"):
            on[cpu] = t
    return sorted(runs)


def main(sweeps, sched):
    runs = kdamond_runs(sched)
    split = {}
    for line in open(sweeps):
        kind, start, micros = line.split()
        begin, end = float(start), float(start) + float(micros) / 1e6
        beside = any(a < end and b > begin for a, b in runs)
        split.setdefault((kind, beside), []).append(float(micros))
    print(f"kdamond: {len(runs)} runs, {sum(b - a for a, b in runs) * 1e3:.1f} ms on a CPU in all")
    names = {"S": "4 kB pages", "H": "2 MB pages"}
    for kind in "SH":
        for beside in (False, True):
            v = sorted(split.get((kind, beside), []))
            if v:
                print(f"{names[kind]}, kdamond {'running' if beside else 'not running'}: {len(v)} sweeps, median"
                      f" {statistics.median(v):.0f} µs, p99 {v[int(0.99 * (len(v) - 1))]:.0f} µs, max {v[-1]:.0f} µs")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    main(sys.argv[1], sys.argv[2])

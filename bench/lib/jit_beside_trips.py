"""What the JIT did just before and among ours' measured single round trips, run by run (issue 17, session 56).

Reads, in each directory given, the trip files ReportQueueBench writes (-Dbench.tripsFile naming the directory) and
the JIT's logs of the same JVMs, written there by
  -Xlog:jit+compilation=debug,deoptimization=debug:file=<directory>/jit-%p.log:timenanos
(both on System.nanoTime's clock). A trip file goes with the log of the JVM whose pid is the highest below the trip
file's caller thread. For each run it prints ours' p99 (taken as the bench takes it: the fourth slowest of 300 trips,
the 31st of 3,000), the uncommon traps from 300 ms before the measured trips to their start (method and reason), the C2
compilations started among them, and how many of the trips at or above the p99 had a C2 compilation or a trap start from
10 ms before the trip's start to 1 ms after its end (the log gives when a compilation starts, not how long it took), and
how many uncommon traps C2's code hit in the whole JVM (session 57: with -XX:PerMethodTrapLimit=0 C2 leaves almost
none). Then the totals.

Usage: jit_beside_trips.py DIRECTORY...
"""
import os
import re
import sys

from trips_after_reading import read

BEFORE_NS = 300_000_000
LOG_LINE = re.compile(r"\[(\d+)ns\]\s+(.*)")
TRAP = re.compile(r"level=4 ([\w.$/]+)\.([\w$<>]+)\(.*trap_bci=\d+ (\w+)")
C2_START = re.compile(r"\d+\s+[%sbn! ]*4\s+(\S+)")


def jit_events(log, since, until):
    """(ns, 'trap' or 'c2', what) of the log's traps and C2 compilation starts within [since, until], and how many
    uncommon traps C2's code hit over the whole log (one pass: the logs are megabytes)."""
    events = []
    traps = 0
    with open(log) as f:
        for line in f:
            m = LOG_LINE.match(line)
            if not m:
                continue
            body = m.group(2)
            trap = TRAP.search(body)
            traps += trap is not None
            if not since <= int(m.group(1)) <= until:
                continue
            if trap:
                cls = trap.group(1).rsplit(".", 1)[-1]
                events.append((int(m.group(1)), "trap", f"{cls}.{trap.group(2)}:{trap.group(3)}"))
            elif "made not entrant" not in body and (c2 := C2_START.match(body)):
                events.append((int(m.group(1)), "c2", c2.group(1)))
    return events, traps


def main(directories):
    if not directories:
        sys.exit(__doc__)
    runs = overlapped = at_p99 = 0
    for directory in directories:
        names = os.listdir(directory)
        logs = sorted(int(n[4:-4]) for n in names if n.startswith("jit-") and n.endswith(".log"))
        for name in sorted(n for n in names if n.startswith("trips-")):
            path = os.path.join(directory, name)
            thread, _, measured, _ = read(path)
            pids = [p for p in logs if thread is not None and p < thread]
            if not measured or not pids:
                print(f"{path}: no measured trips, or no JIT log of its JVM")
                continue
            first = measured[0][0]
            end = measured[-1][0] + int(measured[-1][1] * 1e6)
            log = os.path.join(directory, f"jit-{pids[-1]}.log")
            events, c2_traps = jit_events(log, first - BEFORE_NS, end)
            rank = -(-len(measured) * 99 // 100) - 1  # the bench's p99: the trip of this rank, slowest last
            p99 = sorted(ms for _, ms in measured)[rank]
            traps = sorted({what for ns, kind, what in events if kind == "trap" and ns < first})
            c2 = [what for ns, kind, what in events if kind == "c2" and ns >= first]
            slowest = sorted(measured, key=lambda t: -t[1])[: len(measured) - rank]
            near = sum(
                1 for start, ms in slowest
                if any(start - 10_000_000 <= ns <= start + int(ms * 1e6) + 1_000_000 for ns, _, _ in events))
            runs += 1
            overlapped += near
            at_p99 += len(slowest)
            print(f"{path}: p99 {p99:.2f} ms; traps in the {BEFORE_NS // 1_000_000} ms before the trips:"
                  f" {', '.join(traps) or 'none'}; C2 among the trips: {', '.join(c2) or 'none'};"
                  f" of the {len(slowest)} slowest (at or above the p99), near a C2 start or a trap: {near};"
                  f" C2's traps in the whole JVM: {c2_traps}")
    print(f"{runs} runs; of their trips at or above the p99, {overlapped} of {at_p99} near a C2 start or a trap")


if __name__ == "__main__":
    main(sys.argv[1:])

"""The reconciler's ANALYZEs of ours' queue tables beside ours' measured single round trips, run by run (issue 17,
session 58).

Reads PostgreSQL's log, written with log_min_duration_statement set (5 ms in session 58: the queue's ANALYZEs took
8 ms and more), one set's output of queue-vs-celery.sh, and the trip files of the same runs (-Dbench.tripsFile
naming a directory). The trip files are on System.nanoTime's clock; each run's first "slow:" line gives one trip's
wall-clock start, which puts the log's statements on that clock. For each run it prints when ours' measured batch
ended and every ANALYZE of a bench database that ended from a second before that to half a second after the measured
trips, each with its start relative to the first measured trip ("among" when it overlapped them). Then the totals:
the ANALYZEs started after the batch, and those among the measured trips. With STATEMENT, the statements starting with
it instead of ANALYZE (session 59: "SELECT count(*) FROM (SELECT 1 FROM report_tasks", the backlog count's reading).

Usage: analyze_beside_trips.py POSTGRESQL_LOG SET_LOG TRIP_DIRECTORY [STATEMENT]
"""
import os
import re
import sys

from beside_trips import BATCH, SLOW, wall_clock  # ours' "slow:" lines: ms, trip number, wall-clock start
from trips_after_reading import read

STATEMENT = re.compile(r"(\S+ \S+) UTC \[\d+\] (\S+) LOG:  duration: ([\d.]+) ms  execute \S+ (.*)")


def statements_in(log, start):
    """(end as epoch seconds, ms, statement) of each statement starting with `start` in a bench database of the log."""
    found = []
    with open(log, errors="replace") as f:
        for line in f:
            m = STATEMENT.match(line)
            if m and "@aliaport_it" in m.group(2) and m.group(4).startswith(start):
                found.append((wall_clock(m.group(1)), float(m.group(3)), m.group(4).strip()))
    return found


def main(args):
    if len(args) not in (3, 4):
        sys.exit(__doc__)
    log, set_log, directory = args[:3]
    wanted = args[3] if len(args) == 4 else "ANALYZE"
    statements = statements_in(log, wanted)
    runs = re.split(r"== run \d+ of \d+: ", open(set_log, errors="replace").read())[1:]
    trips = sorted((n for n in os.listdir(directory) if n.startswith("trips-")), key=lambda n: int(n[6:]))
    total = among = 0
    for number, (output, name) in enumerate(zip(runs, trips), 1):
        _, _, measured, _ = read(os.path.join(directory, name))
        slow, batch = SLOW.search(output), BATCH.search(output)
        if not measured or not slow or not batch:
            print(f"run {number}: no measured trips, slow trip or batch line")
            continue
        # The slow trip's wall-clock start against its nanoTime start: the offset between the two clocks.
        offset = wall_clock(slow.group(3)) - measured[int(slow.group(2)) - 1][0] / 1e9
        first = measured[0][0] / 1e9 + offset
        last = measured[-1][0] / 1e9 + measured[-1][1] / 1e3 + offset
        batch_end = float(batch.group(2)) + offset
        seen = []
        for end, ms, statement in statements:
            start = end - ms / 1e3
            if batch_end - 1 <= end <= last + 0.5:
                overlapped = start <= last and end >= first
                total += start > batch_end
                among += overlapped
                seen.append(f"{statement} {ms:.1f} ms at {start - first:+.2f} s{' (among)' if overlapped else ''}")
        print(f"run {number}: batch ended {batch_end - first:+.2f} s; {'; '.join(seen) or 'none'}")
    print(f"{len(runs)} runs; {total} of them started after the batch (among the single trips, warm-up or measured),"
          f" {among} among the measured trips")


if __name__ == "__main__":
    main(sys.argv[1:])

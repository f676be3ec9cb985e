"""Where ours' slow single round trips fell after the CPU meter's reading, over the runs of whole sets (issue 17).

Reads the trip files ReportQueueBench writes when -Dbench.tripsFile names a directory (one file a run: each measured
trip's number, start as System.nanoTime and milliseconds; then comment lines with the reconciler's passes, the end of
the meter's reading and the warm-up trips after it). Prints, for each run, when its slowest measured trips came,
in ms after the reading; then, over all the runs given, the share of trips (settle and measured) of SLOW ms or more
in each 50 ms after the reading.

Usage: trips_after_reading.py [--slow=1.5] DIRECTORY...
"""
import os
import sys
from collections import Counter

BIN_MS = 50


def read(path):
    """(caller's thread id, end of the meter's reading in ns, measured trips, trips after the reading) of one run's
    file."""
    caller, reading, measured, settle = None, None, [], []
    with open(path) as f:
        for line in f:
            fields = line.split()
            if line.startswith("# caller thread"):
                caller = int(fields[-1])
            elif line.startswith("# meter"):
                reading = int(fields[-1])
            elif line.startswith("# settle"):
                settle.append((int(fields[3]), float(fields[4])))
            elif not line.startswith("#"):
                measured.append((int(fields[1]), float(fields[2])))
    return caller, reading, measured, settle


def main(args):
    slow_ms = 1.5
    if args and args[0].startswith("--slow="):
        slow_ms = float(args.pop(0).split("=", 1)[1])
    if not args:
        sys.exit(__doc__)
    trips, slow = Counter(), Counter()
    for directory in args:
        # Only the trip files: the JIT's logs may share the directory (jit_beside_trips.py).
        files = sorted(
            (os.path.join(directory, n) for n in os.listdir(directory) if n.startswith("trips-")), key=os.path.getmtime)
        for path in files:
            _, reading, measured, settle = read(path)
            if reading is None or not measured:
                print(f"{path}: no meter reading or no trips (written before session 55?)")
                continue
            after = lambda start: (start - reading) / 1e6
            slowest = sorted(measured, key=lambda t: -t[1])[:4]
            print(f"{path}: measured trips {after(measured[0][0]):.0f}-{after(measured[-1][0]):.0f} ms after the"
                  f" reading; slowest " + ", ".join(f"{ms:.1f} ms at {after(s):.0f}" for s, ms in slowest))
            for start, ms in settle + measured:
                b = int(after(start) // BIN_MS) * BIN_MS
                trips[b] += 1
                slow[b] += ms >= slow_ms
    print(f"trips of {slow_ms} ms or more, by {BIN_MS} ms after the reading:")
    for b in sorted(trips):
        print(f"  {b:4d}-{b + BIN_MS:<4d} ms: {slow[b]:3d} of {trips[b]:5d} ({100 * slow[b] / trips[b]:.1f} %)")


if __name__ == "__main__":
    main(sys.argv[1:])

"""What ran and what the disk did beside ours' slowest single trips (bench/beside-trips.sh).

Reads a trace written by `bench/beside-trips.sh` (sched_switch events into and out of the threads it names, the disk's
write and cache-flush requests issued and completed, on CLOCK_MONOTONIC, the wall clock's offset in its header) and
the output of bench/queue-vs-celery.sh or ReportQueueBench, whose "ours:   slow: X ms (trip N, at T)" lines give each
slow trip's wall-clock start and length. Prints, over the whole trace, the traced threads' CPU and the requests'
latency; then for each slow trip in the trace's span, the milliseconds each traced thread ran inside it (on either
core) and the longest write and flush the disk had outstanding in it (a commit waits for both). A request's time runs
from its issue to its completion's event, which the kernel may run late (in ksoftirqd, behind whatever holds the CPU);
this machine kind's disk has one flush outstanding at a time, which is how flushes are paired.

Usage: beside_trips.py TRACE BENCH_OUTPUT...
"""
import fnmatch
import re
import sys
from collections import Counter
from datetime import datetime, timezone

from trip_sched import SWITCH  # the sched_switch fields, printed alike by perf script and by tracefs

EVENT = re.compile(r"\[(\d+)\]\s+\S+\s+([\d.]+): (sched_switch|block_rq_issue|block_rq_complete): (.*)$")
SLOW = re.compile(r"^ours:\s+slow: ([\d.]+) ms \(trip (\d+), at (\S+?)Z\)", re.M)
# ours' measured batch on System.nanoTime's clock (the JIT log's): its start and end, in seconds
BATCH = re.compile(r"^ours:   the batch ran from .*, ([\d.]+)-([\d.]+) s of System\.nanoTime", re.M)


def wall_clock(at):
    """A time in UTC, ISO 8601 (a "slow:" line's start, its nanoseconds cut to micro; PostgreSQL's log time), as seconds
    of the epoch."""
    return datetime.fromisoformat(at[:26]).replace(tzinfo=timezone.utc).timestamp()


def read_trace(path):
    """The traced threads' run intervals, the disk requests' intervals, the wall clock's offset to CLOCK_MONOTONIC."""
    offset, globs = None, []
    threads, requests = [], []
    running, flushes_issued, writes_issued = {}, {}, {}
    with open(path, errors="replace") as trace:
        for line in trace:
            if line.startswith("# wall_minus_mono "):
                offset = float(line.split()[2])
                continue
            if line.startswith("# threads "):
                globs = line.split()[2:]
                continue
            m = EVENT.search(line)
            if not m:
                continue
            cpu, at, event, rest = m.group(1), float(m.group(2)), m.group(3), m.group(4)
            if event == "sched_switch":
                switch = SWITCH.search(rest)
                if not switch:  # a line cut short at the end of the trace
                    continue
                prev, _, _, nxt, _ = switch.groups()
                if cpu in running:
                    name, since = running.pop(cpu)
                    # Its own switch-out; none means it slipped the trace (seen for process_api's threads): untimed.
                    if prev == name:
                        threads.append((since, at, name))
                # Only a traced thread's switch-out is sure to be in the trace: the bench's own threads are not timed.
                if any(fnmatch.fnmatchcase(nxt, g) for g in globs):
                    running[cpu] = (nxt, at)
            else:
                fields = rest.split()
                if "()" not in fields or "+" not in fields:
                    continue
                device, flags = fields[0], fields[1]
                sector, sectors = fields[fields.index("()") + 1], fields[fields.index("+") + 1]
                if "F" in flags and sector in ("0", "18446744073709551615"):
                    # A cache flush has no sector. This machine kind's disk has one outstanding at a time: a
                    # completion ends the last one issued, and one before it whose completion the trace missed goes.
                    if event == "block_rq_issue":
                        flushes_issued[device] = at
                    elif device in flushes_issued:
                        requests.append((flushes_issued.pop(device), at, "flush"))
                elif sectors == "0":
                    continue  # the empty write that completes a preflush: no data of its own
                elif event == "block_rq_issue":
                    writes_issued[device, sector] = at  # a requeued write is issued again: its last issue counts
                elif (device, sector) in writes_issued:
                    requests.append((writes_issued.pop((device, sector)), at, "write"))
    if offset is None:
        sys.exit(f"{path}: no '# wall_minus_mono' header: write it with bench/beside-trips.sh start")
    return offset, sorted(threads), sorted(requests)


def kind(name):
    """Threads of one kind together: kdamond.0 and kdamond.1, kworker/u8:1 and kworker/u8:2."""
    return re.sub(r"\d+", "N", name)


def ran_within(threads, lo, hi):
    ran = Counter()
    for start, end, name in threads:
        if start < hi and end > lo:
            ran[kind(name)] += min(end, hi) - max(start, lo)
    return ran


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))]


def main(trace, outputs):
    offset, threads, requests = read_trace(trace)
    if not threads and not requests:
        sys.exit(f"{trace}: nothing traced")
    first = min([t[0] for t in threads] + [r[0] for r in requests])
    last = max([t[1] for t in threads] + [r[1] for r in requests])
    ran = ran_within(threads, first, last)
    print(f"{trace}: {last - first:.0f} s traced; the traced threads ran "
          + (", ".join(f"{name} {s * 1000:.0f} ms" for name, s in ran.most_common(8)) or "not at all"))
    for what, plural in (("write", "writes"), ("flush", "flushes")):
        took = sorted((end - start) * 1000 for start, end, kind_ in requests if kind_ == what)
        if took:
            print(f"  the disk's {plural}: {len(took)}, p50 {percentile(took, 50):.2f} ms,"
                  f" p99 {percentile(took, 99):.2f} ms, p99.9 {percentile(took, 99.9):.2f} ms,"
                  f" longest {took[-1]:.1f} ms; over 2 ms"
                  f" {sum(t > 2 for t in took)}")
    # Writes may be traced from later than flushes (or not at all): a trip before a kind's first request says so.
    traced_from = {}
    for start, _, what in requests:
        traced_from.setdefault(what, start)
    for output in outputs:
        with open(output, errors="replace") as text:
            slow = SLOW.findall(text.read())
        for ms, trip, at in slow:
            lo = wall_clock(at) - offset
            hi = lo + float(ms) / 1000
            if not first <= lo <= last:
                continue
            beside = ran_within(threads, lo, hi)
            others = ", ".join(f"{name} {s * 1000:.1f} ms" for name, s in beside.most_common(4)) or "none"
            outstanding = Counter()
            for start, end, what in requests:
                if start < hi and end > lo:
                    outstanding[what] = max(outstanding[what], (end - start) * 1000)
            disk = ", ".join(
                f"the longest {what} {outstanding[what]:.1f} ms" if what in outstanding
                else f"no {what}" if traced_from.get(what, hi) <= lo else f"{plural} not traced"
                for what, plural in (("flush", "flushes"), ("write", "writes")))
            print(f"  {output}: trip {trip} ({ms} ms, {at}Z): other threads: {others}; the disk: {disk}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])

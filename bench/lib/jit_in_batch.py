"""What the JIT compiled within ours' measured batch, run by run (issue 17, session 59).

Reads the output of bench/queue-vs-celery.sh (or ReportQueueBench), whose "ours:   the batch ran from ... s of
System.nanoTime" line gives each run's batch on the JIT log's clock, and the JIT's logs of the same JVMs, written into
DIRECTORY by
  -Xlog:jit+compilation=debug,deoptimization=debug:file=<directory>/jit-%p.log:timenanos
A batch goes with the log begun last before it (the JVM peers run one after the other). For each run it prints ours'
throughput and the JIT's CPU a task as the bench printed them, then the compilations started within the batch by tier
(1-3 C1's, 4 C2's), how many methods' tier-2 code was thrown away as unused within it (C1's code with fewer
counters, which HotSpot compiles instead of tier 3 while C2's queue is long, and replaces at tier 3, or at times by C2,
once a call finds the queue short: the warm-up's leftovers), and the packages C2 compiled most.

Usage: jit_in_batch.py BENCH_OUTPUT DIRECTORY
"""
import glob
import os
import re
import sys
from collections import Counter

from beside_trips import BATCH
from jit_beside_trips import LOG_LINE

THROUGHPUT = re.compile(r"^ours: \d+ tasks in [\d.]+ s = (\d+) tasks/s", re.M)
JIT = re.compile(r"^ours:   CPU per task \d+ µs .* jit (\d+)", re.M)
RUN = re.compile(r"^(?:\x1b\[[0-9;]*m)*== run ", re.M)  # Maven may leave its colour codes at the line's start
COMPILATION = re.compile(r"\d+\s+[%sbn! ]*(\d)\s+(\S+)")


def begun(log):
    """The first time in a JIT log (ns); read from its first lines only (the logs are megabytes)."""
    with open(log) as f:
        return next((int(m.group(1)) for line in f if (m := LOG_LINE.match(line))), None)


def in_batch(log, since, until):
    """Compilations started by tier, tier-2 code made not entrant as unused, C2's compilations by package."""
    tiers, c2 = Counter(), Counter()
    replaced = 0
    with open(log) as f:
        for line in f:
            m = LOG_LINE.match(line)
            if not m or not since <= int(m.group(1)) <= until:
                continue
            body = m.group(2)
            compilation = COMPILATION.match(body)
            if not compilation:
                continue
            tier = compilation.group(1)
            if "made not entrant" in body:
                replaced += tier == "2" and "made not entrant: not used" in body
                continue
            tiers[tier] += 1
            if tier == "4":
                c2[compilation.group(2).split("::")[0].rsplit(".", 1)[0]] += 1
    return tiers, replaced, c2


def runs(text):
    """Each run's batch, throughput and JIT figure, read within that run's own output (the script's "== run" lines;
    ReportQueueBench's output alone is one run), so that a run missing one of them cannot shift the others'."""
    for part in RUN.split(text)[1:] or [text]:
        batch, tps, jit = BATCH.search(part), THROUGHPUT.search(part), JIT.search(part)
        yield (batch, tps.group(1), jit.group(1)) if batch and tps and jit else None


def main(output, directory):
    text = open(output).read()
    logs = {log: begun(log) for log in glob.glob(os.path.join(directory, "jit-*.log"))}
    for run, figures in enumerate(runs(text), 1):
        if figures is None:
            print(f"run {run}: its batch, throughput or JIT line is missing")
            continue
        batch, tps, jit = figures
        since, until = int(float(batch.group(1)) * 1e9), int(float(batch.group(2)) * 1e9)
        log = max((log for log, first in logs.items() if first is not None and first < since),
                  key=logs.get, default=None)
        if log is None:
            print(f"run {run}: no JIT log begun before its batch")
            continue
        tiers, replaced, c2 = in_batch(log, since, until)
        print(f"run {run}: {tps} tasks/s, the JIT {jit} µs a task; compilations in the batch by tier"
              f" {dict(sorted(tiers.items()))}, tier-2 code thrown away {replaced};"
              f" C2's by package {c2.most_common(4)}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])

#!/usr/bin/env python3
"""One reading of the CPU meter of the JVM queue benches (CpuMeter), taken in a process of its own.

Usage: cpu_reading.py JVM_PID [--serve]
  --serve: stays, and prints one reading for each line read from stdin, until stdin ends (CpuMeter starts it once:
  a process started for each reading ran the JDK's process code in the JVM measured, beside the queue's, session 55)

Prints one line of name=value pairs, seconds unless said otherwise:
  machine            the machine's busy time (/proc/stat: all but idle and iowait)
  reader             this process's own CPU for this reading, up to its reading of /proc/stat, the last thing it
                     reads: a stretch measured between two readings holds the second reading's, not the first's
  postgres, redis-server, java
                     CPU (user + system) of the processes of that name
  jit, gc            of the JVM JVM_PID, its compiler threads' and its collector's
  postgres_kernel    of PostgreSQL's processes, their system time
  postgres_switches  their context switches, voluntary and not (a count)
  waited_java        of the JVM's other threads, their time runnable but not running (schedstat)
  waited_postgres    PostgreSQL's processes' (their main thread's) likewise

Read inside the measured JVM, some 200 files of /proc a reading set C2 compiling the reading's own code (the file
reads, String.split, the number parsing) some 0.3-0.4 s after it, beside the measured single round trips: two of them
waited 3.7 and 4.1 ms for a core behind it (issue 17, session 50's scheduler traces). Read from here, the JVM only
starts this process and parses one line.
"""
import os
import sys

TICKS = os.sysconf("SC_CLK_TCK")
KINDS = ("postgres", "redis-server", "java")


def stat(entry):
    """(name, user + system ticks, system ticks) of a /proc process or thread entry; None once it has ended."""
    try:
        with open(f"{entry}/stat") as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    # after the name: state is field 3, utime 14 and stime 15 (1-based, man proc)
    return s[s.index("(") + 1:s.rindex(")")], int(fields[11]) + int(fields[12]), int(fields[12])


def run_queue_seconds(entry):
    """Seconds runnable but not running so far ("<ns on the CPU> <ns waiting> <slices>"); 0 once it has ended."""
    try:
        with open(f"{entry}/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def switches(entry):
    n = 0
    try:
        with open(f"{entry}/status") as f:
            for line in f:
                if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                    n += int(line.split(":", 1)[1])
    except OSError:
        return 0
    return n


def reading(jvm, own_before):
    """One reading's line; own_before: this process's CPU ticks before it began."""
    out = {k: 0.0 for k in KINDS + ("jit", "gc", "postgres_kernel", "waited_java", "waited_postgres")}
    out["postgres_switches"] = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        entry = f"/proc/{pid}"
        used = stat(entry)
        if used is None or used[0] not in KINDS:
            continue
        out[used[0]] += used[1] / TICKS
        if used[0] == "postgres":
            out["postgres_kernel"] += used[2] / TICKS
            out["postgres_switches"] += switches(entry)
            out["waited_postgres"] += run_queue_seconds(entry)
    for tid in os.listdir(f"/proc/{jvm}/task"):
        entry = f"/proc/{jvm}/task/{tid}"
        used = stat(entry)
        if used is None:
            continue
        if "CompilerThre" in used[0]:
            out["jit"] += used[1] / TICKS
        elif used[0].startswith(("GC Thread", "G1 ")):
            out["gc"] += used[1] / TICKS
        else:
            out["waited_java"] += run_queue_seconds(entry)
    out["reader"] = (stat("/proc/self")[1] - own_before) / TICKS
    with open("/proc/stat") as f:
        cpu = f.readline().split()
    # user nice system idle iowait irq softirq steal: busy = all but idle and iowait
    out["machine"] = sum(int(cpu[i]) for i in range(1, min(9, len(cpu))) if i not in (4, 5)) / TICKS
    return " ".join(f"{k}={v}" for k, v in out.items())


def main():
    jvm = sys.argv[1]
    if sys.argv[2:] == ["--serve"]:
        while sys.stdin.readline():
            print(reading(jvm, stat("/proc/self")[1]), flush=True)
    else:
        print(reading(jvm, 0))


if __name__ == "__main__":
    main()

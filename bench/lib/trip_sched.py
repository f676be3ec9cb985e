"""Where ours' single round trips spent their time, from a scheduler trace (bench/queue-trip-sched.sh).

Reads `perf script` of sched_switch and sched_wakeup events (recorded with `perf record -k mono`) and the trips the
bench wrote (`-Dbench.tripsFile`: the caller's thread id, then each trip's number, start as System.nanoTime, that
is CLOCK_MONOTONIC, and milliseconds). Follows each trip's critical path: it starts with the caller's thread and
passes to whichever thread of the trip the holder wakes (the caller hands the task to a report-direct thread, a JVM
thread sends a statement to a PostgreSQL backend, the backend answers, the report-direct thread wakes the caller), so
that at each moment one thread carries the trip. That thread is running, or woken but waiting for a CPU (and then
behind whom, with the other core idle or not), or asleep with nobody of the trip to wake it (a backend waiting for
its WAL flush, a lock). Prints, for the slowest trips and for all, how the milliseconds divide.

Usage: trip_sched.py PERF_SCRIPT_OUTPUT TRIPS_FILE [SLOWEST=10]
"""
import re
import sys
from collections import Counter, defaultdict

EVENT = re.compile(r"^\s*(.+?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(\w+):\s+(.*)$")
WAKEUP = re.compile(r"comm=(.+?) pid=(\d+) prio=\d+ target_cpu=(\d+)")
SWITCH = re.compile(r"prev_comm=(.+?) prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=(.+?) next_pid=(\d+)")


def kind(comm):
    """A thread's kind as the breakdown names it: the JIT's compilers, PostgreSQL, idle, or its name."""
    if comm.startswith("C2 Compiler"):
        return "C2 compiler"
    if comm.startswith("C1 Compiler"):
        return "C1 compiler"
    if comm.startswith("swapper"):
        return "idle"
    if comm.startswith("report-direct"):
        return "report-direct"
    return re.sub(r"[/:].*", "", comm)


def read_trips(path):
    with open(path) as f:
        caller = int(f.readline().split()[-1])
        trips = []
        for line in f:
            n, start, ms = line.split()
            trips.append((int(n), int(start) / 1e9, float(ms)))
    return caller, trips


def events(path):
    with open(path) as f:
        for line in f:
            m = EVENT.match(line)
            if m:
                yield m.group(1), int(m.group(2)), int(m.group(3)), float(m.group(4)), m.group(5), m.group(6)


def trip_backends(path, caller):
    """The PostgreSQL backends of the trips: those that wake the caller or a report-direct thread (answers)."""
    answers = Counter()
    for waker, tid, _, _, name, fields in events(path):
        if name == "sched_wakeup" and waker == "postgres":
            w = WAKEUP.match(fields)
            if w and (int(w.group(2)) == caller or w.group(1).startswith("report-direct")):
                answers[tid] += 1
    return {tid for tid, n in answers.items() if n >= 10 and tid != caller}


def main():
    trace, trips_file = sys.argv[1], sys.argv[2]
    slowest = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    caller, trips = read_trips(trips_file)
    comm = {0: "swapper"}
    on_cpu = {}  # cpu -> tid running there
    woken = {}  # tid -> cpu it was woken onto (or preempted on), until it runs
    started = {}  # tid -> when it last began to run
    backends = trip_backends(trace, caller)

    direct = set()  # the report-direct threads (a report's body renames its thread while it runs)

    def name_of(tid, name):
        comm[tid] = name
        if name.startswith("report-direct"):
            direct.add(tid)

    def of_trip(tid):
        return tid == caller or tid in direct or tid in backends

    def kind_of(tid):
        return "report-direct" if tid in direct else kind(comm.get(tid, "?"))

    def awake(tid):
        return tid in woken or tid in on_cpu.values()

    def state(holder):
        """What the trip's holder is doing now, as a breakdown key."""
        if holder in on_cpu.values():
            return f"running: {kind_of(holder)}"
        if holder in woken:
            cpu = woken[holder]
            ahead = kind_of(on_cpu.get(cpu, 0))
            others = [t for c, t in on_cpu.items() if c != cpu]
            idle = " (the other core idle)" if others and all(t == 0 for t in others) else ""
            return f"waiting for a CPU behind {ahead}{idle}"
        who = kind_of(holder)
        return f"asleep: {who}" + (" (its WAL flush, a lock)" if who == "postgres" else "")

    per_trip, waits = [], []  # waits: [trip, start, seconds, Counter of descriptions, the waiting thread]
    i, holder, last, current, latest = 0, None, None, None, None
    for _, tid, cpu, t, name, fields in events(trace):
        # Time since the previous event goes to the holder's state then, inside the trip's window.
        while i < len(trips):
            n, start, ms = trips[i]
            end = start + ms / 1e3
            if current is None and t >= start:
                current, holder, last, latest = Counter(), caller, start, None
            if current is None:
                break
            cut = min(t, end)
            if cut > last:
                key = state(holder)
                current[key] += cut - last
                if key.startswith("waiting"):
                    # One wait for a CPU, however its description changes while it lasts.
                    if waits and waits[-1][0] == n and waits[-1][1] + waits[-1][2] >= last - 1e-9:
                        waits[-1][2] = cut - waits[-1][1]
                        waits[-1][3][key] += cut - last
                    else:
                        who = kind_of(holder)
                        waits.append([n, last, cut - last, Counter({key: cut - last}), who])
                last = cut
            if t < end:
                break
            per_trip.append((n, ms, current))
            current, holder, i = None, None, i + 1
        if name == "sched_wakeup":
            w = WAKEUP.match(fields)
            if not w:
                continue
            target, tcpu = int(w.group(2)), int(w.group(3))
            name_of(target, w.group(1))
            if target not in on_cpu.values():
                woken[target] = tcpu
            if holder is not None and target != holder and of_trip(target):
                latest = (target, t)
                # Handed on: by the holder itself, or (a loopback packet's wake-up runs where the kernel
                # processes it, not always in the sender) while the holder waits for it.
                if tid == holder or not awake(holder):
                    holder = target
        elif name == "sched_switch":
            s = SWITCH.match(fields)
            if not s:
                continue
            prev, nxt = int(s.group(2)), int(s.group(5))
            name_of(prev, s.group(1))
            name_of(nxt, s.group(4))
            on_cpu[cpu] = nxt
            woken.pop(nxt, None)
            started[nxt] = t
            if s.group(3).startswith("R"):  # preempted: still runnable, waits for this CPU again
                woken[prev] = cpu
            elif prev == holder and latest and latest[1] >= started.get(prev, 0) and awake(latest[0]):
                # The holder sleeps after waking another thread of the trip: that one carries it on.
                holder = latest[0]
            elif prev == holder and nxt != prev and of_trip(nxt):
                # Or after writing to one that was still runnable (no wake-up needed), which runs next here.
                holder = nxt

    if not per_trip:
        sys.exit("no trip fell inside the trace: was perf recording while the trips ran?")
    print(f"the trips' threads: the caller {caller}, report-direct, PostgreSQL backends {sorted(backends)}")
    report(f"the {min(slowest, len(per_trip))} slowest trips", sorted(per_trip, key=lambda p: -p[1])[:slowest])
    report(f"all {len(per_trip)} trips", per_trip)
    for n, ms, c in sorted(per_trip, key=lambda p: -p[1])[:3]:
        parts = ", ".join(f"{k} {v * 1e3:.2f}" for k, v in c.most_common(4))
        print(f"  trip {n}: {ms:.2f} ms = {parts}")
    print("the longest waits for a CPU (their start as CLOCK_MONOTONIC, the clock of System.nanoTime):")
    for n, start, secs, keys, who in sorted(waits, key=lambda w: -w[2])[:5]:
        print(f"  {secs * 1e3:.2f} ms from {start:.6f} s, trip {n}, {who} {keys.most_common(1)[0][0]}")


def report(title, trips):
    total = sum(ms for _, ms, _ in trips)
    by = defaultdict(float)
    for _, _, c in trips:
        for k, v in c.items():
            by[k] += v * 1e3
    jit = sum(v for k, v in by.items() if k.startswith("waiting") and "compiler" in k)
    waiting = sum(v for k, v in by.items() if k.startswith("waiting"))
    print(f"{title}: {total:.1f} ms, {waiting:.1f} of them waiting for a CPU, {jit:.1f} behind the JIT's compilers")
    for k, v in sorted(by.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {v:8.2f} ms {100 * v / total:5.1f} %  {k}")


if __name__ == "__main__":
    main()

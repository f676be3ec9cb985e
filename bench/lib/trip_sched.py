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

from trips_after_reading import read

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
    return re.sub(r"[/:].*", "", comm)


def read_trips(path):
    """The caller's thread id and the measured trips (number, start in seconds, ms): the file as
    trips_after_reading.py reads it."""
    caller, _, measured, _ = read(path)
    return caller, [(n, start / 1e9, ms) for n, (start, ms) in enumerate(measured, 1)]


def events(path):
    """(current thread's name, its id, cpu, seconds, event, its fields) for each scheduler event."""
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


class Cpus:
    """The threads and CPUs as the events so far leave them: who runs where, who is runnable, what each is."""

    def __init__(self):
        self.comm = {0: "swapper"}
        self.on_cpu = {}  # cpu -> tid running there
        self.woken = {}  # tid -> cpu it was woken onto (or preempted on), until it runs
        self.started = {}  # tid -> when it last began to run
        self.direct = set()  # the report-direct threads (a report's body renames its thread while it runs)

    def name(self, tid, comm):
        self.comm[tid] = comm
        if comm.startswith("report-direct"):
            self.direct.add(tid)

    def kind_of(self, tid):
        return "report-direct" if tid in self.direct else kind(self.comm.get(tid, "?"))

    def running(self, tid):
        return tid in self.on_cpu.values()

    def awake(self, tid):
        return tid in self.woken or self.running(tid)

    def wakeup(self, tid, comm, cpu):
        self.name(tid, comm)
        if not self.running(tid):
            self.woken[tid] = cpu

    def switch(self, t, cpu, prev, prev_comm, prev_state, nxt, nxt_comm):
        self.name(prev, prev_comm)
        self.name(nxt, nxt_comm)
        self.on_cpu[cpu] = nxt
        self.woken.pop(nxt, None)
        self.started[nxt] = t
        if prev_state.startswith("R"):  # preempted: still runnable, waits for this CPU again
            self.woken[prev] = cpu

    def state(self, tid):
        """What a thread is doing now, as a breakdown key."""
        if self.running(tid):
            return f"running: {self.kind_of(tid)}"
        if tid in self.woken:
            cpu = self.woken[tid]
            ahead = self.kind_of(self.on_cpu.get(cpu, 0))
            others = [t for c, t in self.on_cpu.items() if c != cpu]
            idle = " (the other core idle)" if others and all(t == 0 for t in others) else ""
            return f"waiting for a CPU behind {ahead}{idle}"
        who = self.kind_of(tid)
        return f"asleep: {who}" + (" (its WAL flush, a lock)" if who == "postgres" else "")


class Trip:
    """One trip being followed: which thread carries it, and where its time went."""

    def __init__(self, number, start, ms, caller):
        self.number, self.ms, self.end = number, ms, start + ms / 1e3
        self.holder, self.last, self.latest = caller, start, None
        self.spent = Counter()
        self.waits = []  # [start, seconds, Counter of descriptions, the waiting thread]

    def until(self, t, cpus):
        """Gives the time up to t (within the trip) to what its holder did meanwhile."""
        cut = min(t, self.end)
        if cut <= self.last:
            return
        key = cpus.state(self.holder)
        self.spent[key] += cut - self.last
        if key.startswith("waiting"):
            # One wait for a CPU, however its description changes while it lasts.
            if self.waits and self.waits[-1][0] + self.waits[-1][1] >= self.last - 1e-9:
                self.waits[-1][1] = cut - self.waits[-1][0]
                self.waits[-1][2][key] += cut - self.last
            else:
                self.waits.append([self.last, cut - self.last, Counter({key: cut - self.last}),
                                   cpus.kind_of(self.holder)])
        self.last = cut

    def woke(self, t, waker, target, cpus, of_trip):
        if target == self.holder or not of_trip(target):
            return
        self.latest = (target, t)
        # Handed on: by the holder itself, or (a loopback packet's wake-up runs where the kernel processes it, not
        # always in the sender) while the holder waits for it.
        if waker == self.holder or not cpus.awake(self.holder):
            self.holder = target

    def slept(self, prev, nxt, cpus, of_trip):
        if prev != self.holder:
            return
        if self.latest and self.latest[1] >= cpus.started.get(prev, 0) and cpus.awake(self.latest[0]):
            # The holder sleeps after waking another thread of the trip: that one carries it on.
            self.holder = self.latest[0]
        elif nxt != prev and of_trip(nxt):
            # Or after writing to one that was still runnable (no wake-up needed), which runs next here.
            self.holder = nxt


def follow(trace, caller, trips, backends):
    """Each trip followed through the trace, in order: [Trip]."""
    cpus = Cpus()

    def of_trip(tid):
        return tid == caller or tid in cpus.direct or tid in backends

    done, i, trip = [], 0, None
    for _, tid, cpu, t, name, fields in events(trace):
        # Time since the previous event goes to the holder's state then, inside the trip's window.
        while i < len(trips):
            if trip is None and t >= trips[i][1]:
                trip = Trip(*trips[i], caller)
            if trip is None:
                break
            trip.until(t, cpus)
            if t < trip.end:
                break
            done.append(trip)
            trip, i = None, i + 1
        if name == "sched_wakeup":
            w = WAKEUP.match(fields)
            if w:
                target = int(w.group(2))
                cpus.wakeup(target, w.group(1), int(w.group(3)))
                if trip:
                    trip.woke(t, tid, target, cpus, of_trip)
        elif name == "sched_switch":
            s = SWITCH.match(fields)
            if s:
                prev, nxt = int(s.group(2)), int(s.group(5))
                cpus.switch(t, cpu, prev, s.group(1), s.group(3), nxt, s.group(4))
                if trip and not s.group(3).startswith("R"):
                    trip.slept(prev, nxt, cpus, of_trip)
    return done


def main():
    trace, trips_file = sys.argv[1], sys.argv[2]
    slowest = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    caller, trips = read_trips(trips_file)
    backends = trip_backends(trace, caller)
    done = follow(trace, caller, trips, backends)
    if not done:
        sys.exit("no trip fell inside the trace: was perf recording while the trips ran?")
    print(f"the trips' threads: the caller {caller}, report-direct, PostgreSQL backends {sorted(backends)}")
    by_time = sorted(done, key=lambda trip: -trip.ms)
    report(f"the {min(slowest, len(done))} slowest trips", by_time[:slowest])
    report(f"all {len(done)} trips", done)
    for trip in by_time[:3]:
        parts = ", ".join(f"{k} {v * 1e3:.2f}" for k, v in trip.spent.most_common(4))
        print(f"  trip {trip.number}: {trip.ms:.2f} ms = {parts}")
    print("the longest waits for a CPU (their start as CLOCK_MONOTONIC, the clock of System.nanoTime):")
    waits = [(trip.number, *w) for trip in done for w in trip.waits]
    for n, start, secs, keys, who in sorted(waits, key=lambda w: -w[2])[:5]:
        print(f"  {secs * 1e3:.2f} ms from {start:.6f} s, trip {n}, {who} {keys.most_common(1)[0][0]}")


def report(title, trips):
    total = sum(trip.ms for trip in trips)
    by = defaultdict(float)
    for trip in trips:
        for k, v in trip.spent.items():
            by[k] += v * 1e3
    jit = sum(v for k, v in by.items() if k.startswith("waiting") and "compiler" in k)
    waiting = sum(v for k, v in by.items() if k.startswith("waiting"))
    print(f"{title}: {total:.1f} ms, {waiting:.1f} of them waiting for a CPU, {jit:.1f} behind the JIT's compilers")
    for k, v in sorted(by.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {v:8.2f} ms {100 * v / total:5.1f} %  {k}")


if __name__ == "__main__":
    main()

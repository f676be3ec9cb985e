#!/usr/bin/env bash
# The report queue beside its peers, same no-op workload, same machine, one after the other, RUNS times (paired runs):
#   ours        - ReportQueueBench: single round trips with the waiter on the workers' node, then as on another node
#                 (woken by LISTEN, then by Redis pub/sub)
#   db-scheduler - DbSchedulerBench (Maven profile queue-peers): 16.12.0 on the same PostgreSQL, lock-and-fetch,
#                 immediate execution, 100 ms polling, 2 threads
#   celery      - celery_bench.py: the seed's settings, 2 worker processes, results on Redis
# Needs: PostgreSQL on localhost (as the tests use it) and psql, redis-server and redis-cli, Debian python3-celery
# python3-redis (Celery is left out, said so, when they are missing). Redis: a private one started here on a free
# port, stopped at the end.
# After each run, its verdict against issue 17's goal (throughput at least 1.5x db-scheduler's, our round trip's p50
# and p99 below both peers'); at the end, in how many runs the goal was met.
# Usage: bench/queue-vs-celery.sh [tasks=5000] [singles=300] [slots=2] [submitting threads=1] [warm-up=20000]
# Env: RUNS=3, ACKS_LATE=1 adds Celery with task_acks_late (slow: 12 tasks/s; warm-up 500). JIT_RUNS=N: each JVM
# peer first does N whole runs, unmeasured, on databases of their own, so that its measured run is not shared with
# the JIT compiler (on two cores C2 is still compiling after the 20,000-task warm-up); the measured database sees
# the same workload either way. SINGLE_WARMUP=20000: each peer's single round trips are preceded by that many
# unmeasured ones (a lone task's path is not the batch's; measured cold, the trips timed the JIT; 200 until session 32,
# 400 in sessions 33-46, among whose measured trips HotSpot still compiled ours' lone-task methods: C1 at their 512th
# and 640th calls; 10,000 in sessions 47-56, past those and C2's at some 6,200 calls then; 20,000 since session 57,
# whose JIT logs had C2 compile that path first near the 10,000th trip, among the measured ones in 7 of 36 runs); 0:
# cold. The JVM peers read their CPU meter 200 trips before the end of the warm-up (METER_SETTLE_TRIPS in
# ReportQueueBench).
# Before each run, the disk's flush latency (bench/disk_flush_tail.py, in app-core/target: on this machine kind the
# disk PostgreSQL flushes its WAL to): a slow flush holds any commit of a trip, both peers' alike.
# PEER_JAVA_OPTS: JVM options given to both JVM peers alike (the JVM Maven runs them in), e.g.
# PEER_JAVA_OPTS=-XX:TieredStopAtLevel=1 for the JIT experiment of docs/benchmarks.md; printed with each run.
# PEER_HEAP: both JVM peers' heap, by default the daemon unit's (-Xms1g -Xmx1g -XX:+AlwaysPreTouch, read from its
# JAVA_OPTS line by bench/lib/unit-jvm-opts.sh; the fixed heap since session 46; before, the JVM's own sizing, which G1
# shrank to ~120 MB and collected every half second, 5-23 ms a pause; PEER_HEAP= for that again; touched at start since
# session 47: on a VM the JVM's first pass through an untouched heap pays a page fault every 4 kB).
# PEER_JIT: both JVM peers' JIT option, by default the unit's other options (-XX:Tier3DelayOn=100000 since session 60:
# a hot method compiled at C1's full-profiling tier at once, not at tier 2 while C2's queue is long and again at tier 3
# in the measured batch); PEER_JIT= for HotSpot's default.
# INTERLEAVE=n (an experiment, session 49): the peers are started at once and work one at a time, the others stopped
# meanwhile (bench/lib/turns.py): each one's warm-up and batch in turn, then their measured single trips in n blocks
# each, alternated (ours, db-scheduler, Celery, ours, ...), each block after the first opened by 10 unmeasured trips, so
# that a slow stretch of the machine (seconds long or more on this machine kind) falls on every peer's trips alike; the
# peers' CPU meters are not read around their trips then. 0 (the default): one after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8 # the verdicts read the figures with a decimal point, whatever the machine's locale
TASKS=${1:-5000}; SINGLES=${2:-300}; SLOTS=${3:-2}; PRODUCERS=${4:-1}; WARMUP=${5:-20000}; RUNS=${RUNS:-3}
export SINGLE_WARMUP=${SINGLE_WARMUP:-20000}
[ "${INTERLEAVE:-0}" = 0 ] || [ -z "${JIT_RUNS:-}" ] || { echo "INTERLEAVE and JIT_RUNS do not go together" >&2; exit 1; }
[ "${INTERLEAVE:-0}" = 0 ] || [ -z "${ACKS_LATE:-}" ] || { echo "INTERLEAVE and ACKS_LATE do not go together" >&2; exit 1; }
source bench/lib/unit-jvm-opts.sh
interleaved=
[ "${INTERLEAVE:-0}" = 0 ] || interleaved="; the peers started at once, one at work at a time, the measured trips in $INTERLEAVE blocks each, alternated"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PY=/usr/bin/python3

PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no --daemonize yes >/dev/null
trap 'redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true' EXIT
export ALIAPORT_TEST_REDIS_URL=redis://127.0.0.1:$PORT/13 BENCH_REDIS=redis://127.0.0.1:$PORT/14

mvn -B -q -Pqueue-peers -pl app-core -am test-compile -DskipTests
java_command() { # main class, args: the command line that runs a JVM peer
    printf 'MAVEN_OPTS=%q mvn -B -q -Pqueue-peers -pl app-core exec:java -Dexec.classpathScope=test' \
        "${MAVEN_OPTS:-} $PEER_HEAP $PEER_JIT ${PEER_JAVA_OPTS:-}"
    printf ' -Dexec.mainClass=com.aliaport.ops.bench.%q -Dexec.args=%q -Dbench.singleWarmup=%q %s' \
        "$1" "$2" "$SINGLE_WARMUP" "${JIT_RUNS:+-Dbench.jitRuns=$JIT_RUNS}"
}
java_bench() { # main class, args, grep prefix
    bash -c "$(java_command "$1" "$2")" 2>&1 | grep "^$3"
}
celery_command() {
    printf 'echo "celery: settings: $(%q -c "import celery; print(celery.__version__)"), seed settings (JSON, prefetch 1,' "$PY"
    printf ' track_started, results on Redis), 2 prefork processes"; cd bench && WARMUP=%q %q celery_bench.py %q %q' \
        "$WARMUP" "$PY" "$TASKS" "$SINGLES"
}
celery_ok=1
$PY -c 'import celery, redis' 2>/dev/null || celery_ok=0
celery_missing="celery: not run (python3-celery or python3-redis missing: apt-get install python3-celery python3-redis)"

# Issue 17's goal for one run, from its printed figures: throughput at least 1.5x db-scheduler's, our single round
# trip's p50 and p99 (the waiter on the workers' node) below both peers' (Celery's only when it ran).
verdict() { # the run's output, its number
    $PY - "$1" "$2" <<'PYTHON'
import re, sys
text, run = open(sys.argv[1]).read(), sys.argv[2]
def tps(who):
    m = re.search(rf"^{who}: \d+ tasks in [\d.]+ s = (\d+) tasks/s", text, re.M)
    return int(m.group(1)) if m else None
def trip(who, tail=""):
    m = re.search(rf"^{who}: round trip of \d+ single tasks: p50 ([\d.]+) ms, p99 ([\d.]+) ms{tail}", text, re.M)
    return (float(m.group(1)), float(m.group(2))) if m else None
ours, dbs = tps("ours"), tps("db-scheduler")
o, d, c = trip("ours", r" \(waiter on the workers' node"), trip("db-scheduler"), trip("celery")
if None in (ours, dbs, o, d):
    print(f"verdict: run {run}: a JVM peer's figures are missing -> goal not met")
    sys.exit()
peers = [d] + ([c] if c else [])
ok = [ours / dbs >= 1.5] + [all(o[i] < p[i] for p in peers) for i in (0, 1)]
yes = lambda b: "yes" if b else "no"
vs = lambda i: " and ".join(f"{p[i]:.1f}" for p in peers)
print(f"verdict: run {run}: throughput {ours / dbs:.2f}x db-scheduler's (goal 1.5): {yes(ok[0])}; "
      f"p50 {o[0]:.1f} ms below {vs(0)}: {yes(ok[1])}; p99 {o[1]:.1f} ms below {vs(1)}: {yes(ok[2])}"
      f"{'' if c else ' (Celery not run)'} -> {'goal met' if all(ok) else 'goal not met'}")
PYTHON
}
verdicts=$(mktemp)
trap 'redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; rm -f "$verdicts" "$verdicts".run' EXIT

one_run() { # its number
    echo "== run $1 of $RUNS: $(uptime | sed 's/.*load/load/') ($(nproc) cores; $SINGLE_WARMUP unmeasured single trips before the measured ones; JVM peers' heap: $heap; their JIT: $jit${PEER_JAVA_OPTS:+; JVM peers with $PEER_JAVA_OPTS}$interleaved)"
    $PY bench/disk_flush_tail.py app-core/target
    if [ "${INTERLEAVE:-0}" -gt 0 ]; then
        peers=(ours ours "$(java_command ReportQueueBench "$TASKS $SINGLES $SLOTS $PRODUCERS $WARMUP")"
            db-scheduler db-scheduler "$(java_command DbSchedulerBench "$TASKS $SINGLES $WARMUP")")
        [ "$celery_ok" = 0 ] || peers+=(celery "" "$(celery_command)")
        BENCH_TURNS=$INTERLEAVE $PY bench/lib/turns.py "${peers[@]}"
        [ "$celery_ok" = 1 ] || echo "$celery_missing"
        return
    fi
    java_bench ReportQueueBench "$TASKS $SINGLES $SLOTS $PRODUCERS $WARMUP" ours
    echo "   load before db-scheduler: $(uptime | sed 's/.*load average: //')"
    java_bench DbSchedulerBench "$TASKS $SINGLES $WARMUP" db-scheduler
    if [ "$celery_ok" = 1 ]; then
        echo "   load before celery: $(uptime | sed 's/.*load average: //')"
        bash -c "$(celery_command)"
        [ -z "${ACKS_LATE:-}" ] || (cd bench && ACKS_LATE=1 WARMUP=500 $PY celery_bench.py "$TASKS" "$SINGLES")
    else
        echo "$celery_missing"
    fi
}

for run in $(seq 1 "$RUNS"); do
    one_run "$run" | tee "$verdicts".run
    verdict "$verdicts".run "$run" | tee -a "$verdicts"
done
echo "issue 17's goal met in $(grep -c -- '-> goal met$' "$verdicts") of $RUNS runs"

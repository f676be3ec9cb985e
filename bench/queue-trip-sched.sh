#!/usr/bin/env bash
# Where ours' single round trips wait (issue 17): ReportQueueBench as bench/queue-vs-celery.sh runs it, with a trace
# of the kernel's scheduler (perf's sched_switch and sched_wakeup, every CPU) from the end of the warm-up's
# submissions to the end of the trips with the waiter on the workers' node. bench/lib/trip_sched.py then follows each
# trip from thread to thread and prints how its milliseconds divide: running, woken but waiting for a CPU (behind
# whom, the other core idle or not), asleep (a backend's WAL flush). RUNS runs, one after the other.
# Needs: as bench/queue-vs-celery.sh, and perf (Debian linux-perf), run as root (a trace of every CPU).
# Usage: bench/queue-trip-sched.sh [tasks=5000] [singles=300] [slots=2] [submitting threads=1] [warm-up=20000]
# Env: RUNS=1, SLOWEST=10 (the trips the first breakdown sums), SINGLE_WARMUP (ReportQueueBench's default when unset:
# 20,000, as bench/queue-vs-celery.sh's), KEEP=dir (keeps each run's bench output, trips and perf data there; by default
# they go with a temporary directory), PEER_HEAP and PEER_JIT as bench/queue-vs-celery.sh's (by default the daemon
# unit's JVM options; until session 61 this script gave neither). MAVEN_OPTS reaches the bench's JVM too (session 38's
# experiments: -XX:Tier4LoadFeedback=0).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8
source bench/lib/unit-jvm-opts.sh
TASKS=${1:-5000}; SINGLES=${2:-300}; SLOTS=${3:-2}; PRODUCERS=${4:-1}; WARMUP=${5:-20000}; RUNS=${RUNS:-1}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
command -v perf >/dev/null || { echo "needs perf: apt-get install linux-perf" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root: perf records every CPU's scheduler events" >&2; exit 1; }
PY=/usr/bin/python3
OUT=${KEEP:-$(mktemp -d)}
mkdir -p "$OUT"

PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no --daemonize yes >/dev/null
trap 'redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; [ -n "${KEEP:-}" ] || rm -rf "$OUT"' EXIT
export ALIAPORT_TEST_REDIS_URL=redis://127.0.0.1:$PORT/13 BENCH_REDIS=redis://127.0.0.1:$PORT/14

mvn -B -q -Pqueue-peers -pl app-core -am test-compile -DskipTests
for run in $(seq 1 "$RUNS"); do
    log=$OUT/run$run.log trips=$OUT/run$run.trips data=$OUT/run$run.perf
    echo "== run $run of $RUNS: $(uptime | sed 's/.*load/load/') (heap: $heap; JIT: $jit)"
    : >"$log"
    # The trace runs from the end of the warm-up's submissions (the batch and the trips follow) to the end of the
    # first trips, started and stopped by the lines the bench prints (nothing is printed while the trips run).
    MAVEN_OPTS="${MAVEN_OPTS:-} $PEER_HEAP $PEER_JIT" \
        mvn -B -q -Pqueue-peers -pl app-core exec:java -Dexec.classpathScope=test \
        -Dexec.mainClass=com.aliaport.ops.bench.ReportQueueBench \
        -Dexec.args="$TASKS $SINGLES $SLOTS $PRODUCERS $WARMUP" \
        ${SINGLE_WARMUP:+-Dbench.singleWarmup="$SINGLE_WARMUP"} \
        -Dbench.tripsFile="$trips" 2>&1 | while IFS= read -r line; do
        printf '%s\n' "$line" >>"$log"
        case $line in
            "ours:   submitted $WARMUP "*)
                perf record -q -e sched:sched_switch -e sched:sched_wakeup -a -k mono -o "$data" >/dev/null 2>&1 &
                recorder=$! ;;
            "ours:   the trips ran from"*)
                if [ -n "${recorder:-}" ]; then
                    kill -INT "$recorder"
                    wait "$recorder" || true
                    recorder=
                fi ;;
        esac
    done || { cat "$log" >&2; exit 1; }
    grep -E "^ours: [0-9]+ tasks in|workers' node, |^ours:   beside the trips" "$log" | head -3
    perf script -i "$data" -F comm,tid,cpu,time,event,trace 2>/dev/null >"$data.txt"
    $PY bench/lib/trip_sched.py "$data.txt" "$trips" "${SLOWEST:-10}"
    rm -f "$data.txt"
done

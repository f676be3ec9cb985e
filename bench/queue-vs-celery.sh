#!/usr/bin/env bash
# Report queue vs the seed's Celery, same no-op workload, same Redis and machine, one after the other.
# Needs: Debian python3-celery python3-redis; PostgreSQL and Redis on localhost (as in the tests).
# Usage: bench/queue-vs-celery.sh [tasks=5000] [singles=300] [slots=2] [submitting threads=1] [warm-up=20000] [file]
# Both sides warm up with the same number of tasks first (Celery with acks_late: 500, it runs 12 tasks/s).
set -euo pipefail
cd "$(dirname "$0")/.."
TASKS=${1:-5000}; SINGLES=${2:-300}; SLOTS=${3:-2}; PRODUCERS=${4:-1}; WARMUP=${5:-20000}; FILE=${6:-}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PY=/usr/bin/python3

mvn -B -q -pl app-core -am test-compile -DskipTests
mvn -B -q -pl app-core exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=com.aliaport.ops.bench.ReportQueueBench -Dexec.args="$TASKS $SINGLES $SLOTS $PRODUCERS $WARMUP $FILE" 2>&1 | grep '^ours'
(cd bench && WARMUP=$WARMUP $PY celery_bench.py "$TASKS" "$SINGLES")
[ -n "${SKIP_ACKS_LATE:-}" ] || (cd bench && ACKS_LATE=1 WARMUP=500 $PY celery_bench.py "$TASKS" "$SINGLES")

#!/usr/bin/env bash
# Scheduler benchmark: fire lateness p50/p99 over per-second firings on two daemon nodes, and recovery time
# after kill -9. Usage: bench/scheduler.sh [seconds=210] [kills=3]. Needs PostgreSQL at 127.0.0.1:5432
# (or ALIAPORT_TEST_PG_URL), like the integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -DskipTests install
mvn -B -q -pl app-daemon dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
"$JAVA_HOME/bin/java" -Daliaport.daemon.jar=app-daemon/target/aliaport-daemon.jar \
  -cp "app-daemon/target/test-classes:app-daemon/target/classes:$(cat app-daemon/target/bench.cp)" \
  com.aliaport.ops.daemon.bench.SchedulerBenchmark "$@"

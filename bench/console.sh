#!/usr/bin/env bash
# Console benchmark of issue 12 (docs/benchmarks.md, "## Console (issue 12)"): 1,000,000 runs in job_runs, the
# run history on a real (headless) JavaFX stage — first page, next page, filter changes, a database change to
# the row, RSS after 100 pages — and process start to the overview showing data (the console jar, 3 times).
# Creates and drops the database aliaport_bench_console on PostgreSQL at 127.0.0.1:5432 (or ALIAPORT_TEST_PG_URL,
# as host:port or a jdbc:postgresql:// URL; user ALIAPORT_TEST_PG_USER, else postgres).
# Set BENCH_SKIP_BUILD=1 to reuse the last build. The bench JVM runs with the console's memory settings
# (-Xmx256m -XX:+UseSerialGC, as ClassCache and the packaged launcher start it) unless BENCH_JAVA_OPTS is set.
#
# `bench/console.sh desk` instead runs the report desk and rates chart benchmark of issue 13
# (ConsoleDeskBench: 50 reports running, progress to the bar; ten years of 20 currencies on the chart), on its own
# database aliaport_bench_desk.
set -euo pipefail
main=com.aliaport.ops.console.bench.ConsoleBench
if [ "${1:-}" = desk ]; then
  main=com.aliaport.ops.console.bench.ConsoleDeskBench
  shift
fi
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -B -q -DskipTests -Dspotless.check.skip=true install -pl app-core,app-daemon,app-console -am
fi
mvn -B -q -pl app-console dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC} --enable-native-access=ALL-UNNAMED \
  -Dglass.platform=Headless -Dprism.order=sw -Djavafx.cachedir=app-console/target/openjfx \
  -Dlogback.configurationFile=app-core/src/test/resources/logback-test.xml \
  -Dbench.consoleJar=app-console/target/aliaport-console.jar \
  -cp "app-console/target/test-classes:app-console/target/classes:$(cat app-console/target/bench.cp)" \
  "$main" "$@"

#!/usr/bin/env bash
# Report and demo-data benchmark (docs/benchmarks.md, "## Reports" and "## Demo data").
# Builds app-core with its tests, then runs com.aliaport.ops.bench.ReportBenchmark with a 256 MB heap against the
# PostgreSQL the tests use (ALIAPORT_TEST_PG_URL, else 127.0.0.1:5432, else an embedded one).
# Pass --skip-seed to leave out the demo-data part.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -pl app-core -am -DskipTests test-compile
mvn -B -q -pl app-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec "$JAVA_HOME/bin/java" -Xmx256m ${BENCH_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile=app-core/src/test/resources/logback-test.xml \
  -cp "app-core/target/test-classes:app-core/target/classes:$(cat app-core/target/bench.classpath)" \
  com.aliaport.ops.bench.ReportBenchmark "$@"

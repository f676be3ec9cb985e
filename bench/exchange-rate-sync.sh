#!/usr/bin/env bash
# Exchange-rate sync benchmark: one sync end to end ×100 (p50/p99) and a back-fill of a year.
# Needs the test PostgreSQL and Redis (local services, else embedded ones start).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -B -q -pl app-core -am test-compile
mvn -B -q -pl app-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
# The local fake TCMB is the JDK HTTP server: without TCP_NODELAY it adds ~40 ms (Nagle + delayed ACK)
# to every answer, which would measure the fake, not the sync.
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dsun.net.httpserver.nodelay=true \
  -Dlogback.configurationFile=app-core/src/test/resources/logback-test.xml \
  -cp "app-core/target/test-classes:app-core/target/classes:$(cat app-core/target/bench.classpath)" \
  com.aliaport.ops.exchangerate.bench.ExchangeRateSyncBenchmark

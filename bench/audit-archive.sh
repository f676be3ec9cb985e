#!/usr/bin/env bash
# Audit-archiving benchmark (docs/benchmarks.md, "Audit-log archiving"). Needs PostgreSQL at 127.0.0.1:5432
# (user postgres, trust); creates and drops the database aliaport_bench_audit.
# Usage: bench/audit-archive.sh [total old batch sweepTotal sweepOld sweepSizes partitionedTotal]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -q -pl app-core -am test-compile
mvn -B -q -pl app-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=app-core/src/test/resources/logback-test.xml \
  -cp "app-core/target/test-classes:app-core/target/classes:$(cat app-core/target/bench-classpath.txt)" \
  com.aliaport.ops.auditlog.bench.AuditArchiveBench "$@"

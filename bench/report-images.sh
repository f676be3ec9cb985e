#!/usr/bin/env bash
# Renders one report of each type (small demo data) to PNG for docs/images, through LibreOffice headless:
# xlsx -> pdf (libreoffice-calc) -> png of each sheet's first page (poppler-utils' pdftoppm).
# Needs: apt-get install libreoffice-calc poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=app-core/target/report-samples
mvn -B -q -pl app-core -am -DskipTests test-compile
mvn -B -q -pl app-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
rm -rf "$out" && mkdir -p "$out"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile=app-core/src/test/resources/logback-test.xml \
  -cp "app-core/target/test-classes:app-core/target/classes:$(cat app-core/target/bench.classpath)" \
  com.aliaport.ops.bench.ReportSamples "$out"
soffice --headless --convert-to pdf --outdir "$out" "$out"/*.xlsx >/dev/null
mkdir -p docs/images
for type in barinma manifest cari-ekstre; do
  pdftoppm -png -r 80 -f 1 -l 2 "$out/$type.pdf" "$out/$type"
  cp "$out/$type"-1.png "docs/images/report-$type.png"
done
# The berthing report's detail sheet (every stay) starts on page 3 with the demo data of the samples.
pdftoppm -png -r 80 -f 3 -l 3 "$out/barinma.pdf" "$out/barinma-detail"
cp "$out"/barinma-detail-3.png docs/images/report-barinma-detail.png
ls -la docs/images

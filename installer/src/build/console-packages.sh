#!/usr/bin/env bash
# Packages the console with jpackage: an app image, then a .deb made from it, each with its own runtime.
# Run by the installer's Maven profile console-package (mvn -q -DskipTests -Pconsole-package package).
#
#   console-packages.sh <maven-version> <console-jar> <java-home> <modules> <installer-dir> <target-dir>
set -euo pipefail

version=$1 jar=$2 jdk=$3 modules=$4 src=$5 out=$6

fail() { echo "installer: $*" >&2; exit 1; }
[ -x "$jdk/bin/jpackage" ] || fail "no jpackage in $jdk (build with JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)"
for tool in dpkg-deb fakeroot; do
    command -v "$tool" >/dev/null || fail "'$tool' is missing; on Debian/Ubuntu: apt-get install dpkg fakeroot"
done
[ -f "$jar" ] || fail "no console jar at $jar (build app-console first)"

# jpackage wants a plain numeric version: 0.1.0-SNAPSHOT -> 0.1.0.
appver=${version%%-*}
work=$out/console
rm -rf "$work"
mkdir -p "$work/input"
cp "$jar" "$work/input/aliaport-console.jar"

# JavaFX is inside the shaded jar, on the class path; the runtime needs the JDK modules it uses. The runtime keeps
# bin/java (no --strip-native-commands): the console restarts itself with it to keep its classes in a
# class-data-sharing archive (app-console's ClassCache).
"$jdk/bin/jpackage" --type app-image --dest "$work" --name aliaport-console \
    --app-version "$appver" --vendor Aliaport --description "Aliaport Ops console" \
    --input "$work/input" --main-jar aliaport-console.jar --main-class com.aliaport.ops.console.ConsoleMain \
    --add-modules "$modules" \
    --jlink-options '--strip-debug --no-man-pages --no-header-files' \
    --java-options '--enable-native-access=ALL-UNNAMED -Xmx256m -XX:+UseSerialGC' \
    --icon "$src/console/aliaport-console.png" 2>&1 | grep -v '^No JDK Modules found' >&2 || true
[ -x "$work/aliaport-console/bin/aliaport-console" ] || fail "jpackage made no app image"

"$jdk/bin/jpackage" --type deb --dest "$work" --app-image "$work/aliaport-console" --name aliaport-console \
    --app-version "$appver" --vendor Aliaport --description "Aliaport Ops console: jobs, runs, rates, reports" \
    --linux-package-name aliaport-console --linux-deb-maintainer ops@aliaport.com.tr \
    --linux-menu-group "Office" --linux-app-category misc --linux-shortcut \
    --linux-package-deps "libfontconfig1, libfreetype6, libpango-1.0-0, libpangoft2-1.0-0, libcairo2, libglib2.0-0, libgtk-3-0 | libgtk-3-0t64" \
    --icon "$src/console/aliaport-console.png" >&2
deb=$(ls "$work"/aliaport-console_*_amd64.deb)
mv "$deb" "$out/"
tar -C "$work" -czf "$out/aliaport-console-$version-app-image.tar.gz" aliaport-console
echo "installer: $out/$(basename "$deb")"
echo "installer: $out/aliaport-console-$version-app-image.tar.gz"

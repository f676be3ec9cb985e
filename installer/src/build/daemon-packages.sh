#!/usr/bin/env bash
# Builds the daemon's Debian package and tarball from app-daemon's shaded jar; run by installer/pom.xml at
# `package`. Both carry a Java runtime made by jlink (the modules: installer/pom.xml, daemon.modules).
#
#   daemon-packages.sh <maven-version> <daemon-jar> <java-home> <modules> <installer-dir> <target-dir>
#
# The .deb is a tree staged here and packed by `fakeroot dpkg-deb --build`, rather than jpackage's deb, for
# full control over the maintainer scripts, the conffile and the owners and modes.
set -euo pipefail

version=$1 jar=$2 jdk=$3 modules=$4 src=$5 out=$6

fail() { echo "installer: $*" >&2; exit 1; }
for tool in dpkg-deb fakeroot gzip tar md5sum strip; do
    if ! command -v "$tool" >/dev/null; then
        # The jars are what a developer's first `mvn package` is for: without the packaging tools the packages
        # are skipped with a warning there, and fail in CI, where the installer's checks need them.
        [ -n "${CI:-}" ] && fail "'$tool' is missing; on Debian/Ubuntu: apt-get install dpkg fakeroot binutils"
        echo "installer: WARNING '$tool' is missing (apt-get install dpkg fakeroot binutils): daemon .deb and tarball not built" >&2
        exit 0
    fi
done
[ -x "$jdk/bin/jlink" ] || fail "no jlink in $jdk (build with JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)"
[ -f "$jar" ] || fail "no daemon jar at $jar (build app-daemon first)"

# 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT: sorts before 0.1.0, as Debian wants of a pre-release.
debver=${DEB_VERSION:-${version//-/\~}}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}

# --- The runtime, rebuilt only when the module list or the JDK changes -----------------------------------
runtime=$out/runtime
stamp="$modules $("$jdk/bin/java" -version 2>&1 | head -n1) $(md5sum < "$0")"
if [ ! -f "$runtime.stamp" ] || [ "$(cat "$runtime.stamp")" != "$stamp" ]; then
    rm -rf "$runtime" "$runtime.stamp"
    "$jdk/bin/jlink" --add-modules "$modules" --output "$runtime" \
        --strip-debug --no-man-pages --no-header-files --compress=zip-6 --include-locales=en,tr 2>&1 \
        | grep -v '^No JDK Modules found' >&2 || true
    [ -x "$runtime/bin/java" ] || fail "jlink made no runtime"
    # As Debian wants shipped binaries: stripped, owner-writable.
    find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) \
        -exec strip --strip-unneeded --remove-section=.comment --remove-section=.note {} +
    chmod -R u+w,go-w,go+rX "$runtime"
    echo "$stamp" > "$runtime.stamp"
fi

# --- The application tree, shared by both packages: bin/ and lib/ ---------------------------------------
stage_app() { # <dir>
    install -d -m 0755 "$1/bin" "$1/lib"
    install -m 0755 "$src/src/bin/aliaport-daemon" "$1/bin/aliaport-daemon"
    install -m 0644 "$jar" "$1/lib/aliaport-daemon.jar"
    cp -a "$runtime" "$1/lib/runtime"
}
stage_monitoring() { # <dir>
    install -d -m 0755 "$1/prometheus" "$1/grafana"
    install -m 0644 "$src"/monitoring/prometheus/*.yml "$1/prometheus/"
    install -m 0644 "$src"/monitoring/grafana/*.json "$1/grafana/"
}

# --- .deb ------------------------------------------------------------------------------------------------
pkg=aliaport-daemon
root=$out/deb/$pkg
rm -rf "$out/deb"
install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/aliaport" \
    "$root/usr/share/aliaport/redis" "$root/usr/share/doc/$pkg" "$root/usr/share/man/man1" \
    "$root/usr/share/lintian/overrides"
stage_app "$root/usr/lib/$pkg"
ln -s "../lib/$pkg/bin/aliaport-daemon" "$root/usr/bin/aliaport-daemon"
install -m 0644 "$src/systemd/aliaport-daemon.service" "$root/lib/systemd/system/"
# 0640 here; root:aliaport on the installed system through dpkg-statoverride (postinst).
install -m 0640 "$src/conf/aliaport.conf" "$root/etc/aliaport/aliaport.conf"
install -m 0644 "$src/conf/redis-aliaport.conf" "$root/usr/share/aliaport/redis/"
stage_monitoring "$root/usr/share/aliaport/monitoring"
install -m 0644 "$src/src/deb/copyright" "$root/usr/share/doc/$pkg/copyright"
install -m 0644 "$src/../docs/operations.md" "$root/usr/share/doc/$pkg/operations.md"
{
    echo "$pkg ($debver) unstable; urgency=medium"
    echo
    echo "  * Build of Aliaport Ops $version."
    echo
    echo " -- Aliaport Ops <ops@aliaport.com.tr>  $(date -R -u -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$root/usr/share/doc/$pkg/changelog.gz"
gzip -9n < "$src/src/deb/aliaport-daemon.1" > "$root/usr/share/man/man1/aliaport-daemon.1.gz"
install -m 0644 "$src/src/deb/lintian-overrides" "$root/usr/share/lintian/overrides/$pkg"
install -m 0755 "$src/src/deb/postinst" "$src/src/deb/prerm" "$src/src/deb/postrm" "$root/DEBIAN/"
echo "/etc/aliaport/aliaport.conf" > "$root/DEBIAN/conffiles"
chmod 0644 "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/control" <<CONTROL
Package: $pkg
Version: $debver
Architecture: amd64
Maintainer: Aliaport Ops <ops@aliaport.com.tr>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: adduser, passwd, libc6 (>= 2.17)
Suggests: postgresql, redis-server
Section: admin
Priority: optional
Description: Aliaport Ops daemon: scheduled jobs, report queue, HTTP API
 The background-jobs system of Aliaport: the daily exchange-rate sync from
 TCMB (EVDS as fallback), audit-log archiving, and a Redis-backed queue that
 builds Excel reports into S3 or a folder. Runs as the systemd service
 aliaport-daemon under its own user, on a bundled Java runtime.
CONTROL
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
deb=$out/${pkg}_${debver}_amd64.deb
rm -f "$out"/${pkg}_*_amd64.deb
fakeroot -- sh -c "chown -R root:root '$root' && dpkg-deb --root-owner-group -Zgzip -z1 --build '$root' '$deb'" >/dev/null

# --- tarball ---------------------------------------------------------------------------------------------
name=$pkg-$version
tree=$out/tarball/$name
rm -rf "$out/tarball"
stage_app "$tree"
install -d -m 0755 "$tree/conf" "$tree/systemd"
install -m 0644 "$src/conf/aliaport.conf" "$tree/conf/aliaport.conf.example"
install -m 0644 "$src/conf/redis-aliaport.conf" "$tree/conf/redis-aliaport.conf.example"
install -m 0644 "$src/systemd/aliaport-daemon.service" "$tree/systemd/"
stage_monitoring "$tree/monitoring"
install -m 0755 "$src/src/tarball/install.sh" "$tree/install.sh"
install -m 0644 "$src/src/tarball/INSTALL.md" "$tree/INSTALL.md"
rm -f "$out"/$pkg-*.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -C "$out/tarball" -czf "$out/$name.tar.gz" "$name"

echo "installer: $deb"
echo "installer: $out/$name.tar.gz"

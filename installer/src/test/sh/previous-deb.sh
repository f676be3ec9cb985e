#!/usr/bin/env bash
# Builds the daemon's .deb of an OLDER commit of this repository, for deb-roundtrip.sh's upgrade check: the
# commit's own tree (git archive), its own Maven build of app-daemon, its own packaging script. Nothing is
# installed; Maven runs `package` only (never `install`), in a temporary copy, and only reads ~/.m2.
#
#   installer/src/test/sh/previous-deb.sh <out-dir> [commit]
#
# Prints the path of the .deb. Its Debian version is the commit's own with "~git.<commit>" appended, which
# dpkg sorts before the same version built from a later commit, so installing the current build over it is
# an upgrade, not a reinstall.
#
# The default commit is the first whose packages carried the maintainer scripts, the unit and the checks of
# today (the merge of branch 'inst'); its migrations, V1 to V52, are a subset of today's, so an upgrade from
# it applies newer ones (V60 onwards). Move it forward to a release once there is one: an upgrade from the
# last release is what admins do. It needs the repository's full history (no shallow clone).
set -euo pipefail

out=${1:?usage: $0 <out-dir> [commit]}
commit=${2:-cc6990745ad55aa90ebb25babf158bdbe68569fa}
repo=$(cd "$(dirname "$0")/../../../.." && pwd)

fail() { echo "previous-deb: $*" >&2; exit 1; }
git -C "$repo" cat-file -e "$commit^{commit}" 2>/dev/null \
    || fail "commit $commit is not in $repo (a shallow clone? fetch the full history: git fetch --unshallow)"
short=$(git -C "$repo" rev-parse --short=7 "$commit")
: "${JAVA_HOME:?set JAVA_HOME to the Java 25 JDK}"

mkdir -p "$out"
out=$(cd "$out" && pwd)
tree=$(mktemp -d "${TMPDIR:-/tmp}/aliaport-previous.XXXXXX")
trap 'rm -rf "$tree"' EXIT
git -C "$repo" archive "$commit" | tar -x -C "$tree"

# The commit's daemon jar (tests compiled, for the test-jar app-daemon depends on, but not run).
(cd "$tree" && mvn -B -q -DskipTests package -pl app-daemon -am >"$tree/build.log" 2>&1) \
    || { tail -n 40 "$tree/build.log" >&2; fail "the build of $short failed"; }

# Packed by the commit's own script with the commit's own runtime module list.
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$tree/pom.xml" | head -n1)
modules=$(sed -n 's:.*<daemon.modules>\(.*\)</daemon.modules>.*:\1:p' "$tree/installer/pom.xml")
[ -n "$version" ] && [ -n "$modules" ] || fail "no version or daemon.modules in $short's poms"
DEB_VERSION="${version//-/\~}~git.$short" \
    bash "$tree/installer/src/build/daemon-packages.sh" "$version" "$tree/app-daemon/target/aliaport-daemon.jar" \
    "$JAVA_HOME" "$modules" "$tree/installer" "$tree/installer/target" >"$tree/package.log" 2>&1 \
    || { tail -n 40 "$tree/package.log" >&2; fail "packaging $short failed"; }

deb=$(ls "$tree"/installer/target/aliaport-daemon_*_amd64.deb)
cp "$deb" "$out/"
echo "$out/$(basename "$deb")"

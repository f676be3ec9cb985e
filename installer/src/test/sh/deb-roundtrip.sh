#!/usr/bin/env bash
# Installs the daemon's .deb on THIS machine for real, checks it, and purges it again. For a throw-away
# machine (root), by hand: the build's tests never install anything.
#
#   installer/src/test/sh/deb-roundtrip.sh --yes [path/to/aliaport-daemon_*.deb [path/to/older.deb]]
#
# With PostgreSQL answering on 127.0.0.1:5432 as the trusted user postgres, it also runs `migrate` and
# `jobs list` as the service user, against a database of its own (dropped at the end).
#
# Given an older build's .deb (installer/src/test/sh/previous-deb.sh makes one from an older commit), it then
# upgrades: installs the older build, migrates with it, edits the config, installs this build over it, runs
# the unit's own ExecStartPre (the schema migration systemd runs before every start), checks that an older
# build still runs against the newer schema (a rolling upgrade's old node, or a rollback), downgrades to the
# older build and purges.
#
# Without a running systemd (a container: no /run/systemd/system) the maintainer scripts skip daemon-reload
# and try-restart, and so does this script: "a running service is restarted on upgrade" is not exercised
# here, only that the package does not enable or start the service.
set -euo pipefail

[ "${1:-}" = "--yes" ] || { echo "usage: $0 --yes [deb [older-deb]]  (installs and purges aliaport-daemon on this machine)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
deb=${2:-$(ls "$here"/../../../target/aliaport-daemon_*_amd64.deb | head -n1)}
previous=${3:-}
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 2; }
if dpkg -s aliaport-daemon >/dev/null 2>&1 || getent passwd aliaport >/dev/null; then
    echo "aliaport-daemon or the aliaport user is already here: not touching it" >&2
    exit 2
fi
if [ -n "$previous" ]; then
    [ -f "$previous" ] || { echo "no older .deb at $previous" >&2; exit 2; }
    old_version=$(dpkg-deb -f "$previous" Version)
    new_version=$(dpkg-deb -f "$deb" Version)
    dpkg --compare-versions "$old_version" lt "$new_version" \
        || { echo "$previous ($old_version) is not older than $deb ($new_version)" >&2; exit 2; }
fi

db=aliaport_roundtrip_$$
pg=false
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 \
    && psql -h 127.0.0.1 -U postgres -Atc 'select 1' >/dev/null 2>&1; then
    pg=true
fi
cleanup() {
    dpkg --purge aliaport-daemon >/dev/null 2>&1 || true
    if [ "$pg" = true ]; then
        psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS ${db}_upgrade" \
            -c "DROP ROLE IF EXISTS $db" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1" >&2; exit 1; fi; }

dpkg -i "$deb" >/dev/null
check "user and group aliaport" "getent passwd aliaport | grep -q ':/var/lib/aliaport:/usr/sbin/nologin$' && getent group aliaport >/dev/null"
check "config root:aliaport 0640" "[ \"\$(stat -c '%U:%G %a' /etc/aliaport/aliaport.conf)\" = 'root:aliaport 640' ]"
check "config dir root:aliaport 0750" "[ \"\$(stat -c '%U:%G %a' /etc/aliaport)\" = 'root:aliaport 750' ]"
check "state dir aliaport:aliaport 0750" "[ \"\$(stat -c '%U:%G %a' /var/lib/aliaport)\" = 'aliaport:aliaport 750' ]"
check "conffile registered" "dpkg-query -W -f='\${Conffiles}' aliaport-daemon | grep -q /etc/aliaport/aliaport.conf"
check "service not enabled" "[ ! -e /etc/systemd/system/multi-user.target.wants/aliaport-daemon.service ]"
check "launcher runs" "aliaport-daemon --help | grep -q migrate"
check "unit verifies" "systemd-analyze verify --man=no /lib/systemd/system/aliaport-daemon.service"

if [ "$pg" = true ]; then
    psql -h 127.0.0.1 -U postgres -qc "CREATE ROLE $db LOGIN PASSWORD 'roundtrip'" -c "CREATE DATABASE $db OWNER $db"
    printf 'ALIAPORT_DB_URL=jdbc:postgresql://127.0.0.1:5432/%s\nALIAPORT_DB_USER=%s\nALIAPORT_DB_PASSWORD=roundtrip\n' \
        "$db" "$db" >> /etc/aliaport/aliaport.conf
    check "migrate as aliaport" "(cd /var/lib/aliaport && runuser -u aliaport -- aliaport-daemon migrate >/dev/null 2>&1)"
    check "jobs list as aliaport" "(cd /var/lib/aliaport && runuser -u aliaport -- aliaport-daemon jobs list 2>/dev/null | grep -q kur_guncelleme_daily)"
fi

echo "ALIAPORT_NODE_ID=roundtrip-edited" >> /etc/aliaport/aliaport.conf
dpkg -i --force-confold "$deb" >/dev/null
check "reinstall keeps the edited config" "grep -q '^ALIAPORT_NODE_ID=roundtrip-edited$' /etc/aliaport/aliaport.conf"

dpkg --remove aliaport-daemon >/dev/null
check "remove keeps config, data and user" "[ -f /etc/aliaport/aliaport.conf ] && [ -d /var/lib/aliaport ] && getent passwd aliaport >/dev/null"
dpkg --purge aliaport-daemon >/dev/null
nothing_left="! dpkg -s aliaport-daemon >/dev/null 2>&1 && ! getent passwd aliaport >/dev/null && ! getent group aliaport >/dev/null && [ ! -e /etc/aliaport ] && [ ! -e /var/lib/aliaport ] && [ ! -e /usr/lib/aliaport-daemon ] && [ ! -e /lib/systemd/system/aliaport-daemon.service ] && ! dpkg-statoverride --list | grep -q aliaport"
check "purge leaves nothing" "$nothing_left"

[ -n "$previous" ] || exit 0

# --- Upgrade from an older build -------------------------------------------------------------------------
echo "upgrade: $old_version -> $new_version"
unit=/lib/systemd/system/aliaport-daemon.service
# A command as systemd would run it: the unit's user, working directory and Environment= lines (a quoted one
# unquoted), nothing else of this shell's environment.
as_service() {
    local env
    mapfile -t env < <(sed -n '/^Environment=/ { s/^Environment=//; s/^"\(.*\)"$/\1/; p }' "$unit")
    (cd "$(sed -n 's/^WorkingDirectory=//p' "$unit")" \
        && runuser -u aliaport -- env -i PATH=/usr/bin:/bin "${env[@]}" "$@")
}
schema_version() {
    psql -h 127.0.0.1 -U postgres -d "${db}_upgrade" -Atc \
        "SELECT max(version::int) FROM flyway_schema_history WHERE success"
}
shipped_conf() { dpkg-deb --fsys-tarfile "$1" | tar -xO ./etc/aliaport/aliaport.conf; }

dpkg -i "$previous" >/dev/null
check "older build installed" "[ \"\$(dpkg-query -W -f='\${Version}' aliaport-daemon)\" = '$old_version' ]"
if [ "$pg" = true ]; then
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE ${db}_upgrade OWNER $db"
    printf 'ALIAPORT_DB_URL=jdbc:postgresql://127.0.0.1:5432/%s_upgrade\nALIAPORT_DB_USER=%s\nALIAPORT_DB_PASSWORD=roundtrip\n' \
        "$db" "$db" >> /etc/aliaport/aliaport.conf
    check "older build migrates" "as_service /usr/bin/aliaport-daemon migrate >/dev/null 2>&1"
    old_schema=$(schema_version)
fi
echo "ALIAPORT_NODE_ID=upgrade-edited" >> /etc/aliaport/aliaport.conf
edited=$(md5sum < /etc/aliaport/aliaport.conf)

# As apt-get does when it may not ask (DEBIAN_FRONTEND=noninteractive with these options): keep the edited
# file; when the shipped one changed too, dpkg puts the new one beside it as .dpkg-dist.
dpkg -i --force-confdef --force-confold "$deb" </dev/null >/dev/null
check "upgraded to $new_version" "[ \"\$(dpkg-query -W -f='\${Version}' aliaport-daemon)\" = '$new_version' ]"
check "upgrade keeps the edited config" "[ \"\$(md5sum < /etc/aliaport/aliaport.conf)\" = '$edited' ]"
check "upgrade keeps config root:aliaport 0640" "[ \"\$(stat -c '%U:%G %a' /etc/aliaport/aliaport.conf)\" = 'root:aliaport 640' ]"
if [ "$(shipped_conf "$previous" | md5sum)" = "$(shipped_conf "$deb" | md5sum)" ]; then
    check "shipped config unchanged: no .dpkg-dist" "[ ! -e /etc/aliaport/aliaport.conf.dpkg-dist ]"
else
    check "shipped config changed: the new one beside it as .dpkg-dist" \
        "[ \"\$(md5sum < /etc/aliaport/aliaport.conf.dpkg-dist)\" = \"\$(shipped_conf '$deb' | md5sum)\" ]"
fi
check "upgrade leaves the service disabled" "[ ! -e /etc/systemd/system/multi-user.target.wants/aliaport-daemon.service ]"

if [ "$pg" = true ]; then
    # What (re)starting the service does first. The newest migration in this checkout is what this build carries.
    newest=$(ls "$here"/../../../../app-core/src/main/resources/db/migration | sed -n 's/^V\([0-9]*\)__.*/\1/p' | sort -n | tail -n1)
    start_pre=$(sed -n 's/^ExecStartPre=//p' "$unit")
    check "the unit's ExecStartPre is the migration" "[ '$start_pre' = '/usr/bin/aliaport-daemon migrate' ]"
    check "the unit's ExecStartPre migrates V$old_schema -> V$newest" "as_service $start_pre 2>/dev/null | grep -qx 'schema at version $newest'"
    check "a migration newer than the older build was applied" "[ \"\$(schema_version)\" -gt '$old_schema' ]"
    check "the new build lists the jobs" "as_service /usr/bin/aliaport-daemon jobs list 2>/dev/null | grep -q kur_guncelleme_daily"

    # Rollback: the older build again, over the newer schema (Flyway leaves the newer migrations alone).
    dpkg -i --force-confdef --force-confold "$previous" </dev/null >/dev/null
    check "downgraded to $old_version" "[ \"\$(dpkg-query -W -f='\${Version}' aliaport-daemon)\" = '$old_version' ]"
    check "the older build starts on the newer schema" "as_service /usr/bin/aliaport-daemon migrate 2>/dev/null | grep -qx 'schema at version $newest'"
    check "the older build lists the jobs on the newer schema" "as_service /usr/bin/aliaport-daemon jobs list 2>/dev/null | grep -q kur_guncelleme_daily"
    check "the rollback keeps the edited config" "grep -q '^ALIAPORT_NODE_ID=upgrade-edited$' /etc/aliaport/aliaport.conf"
fi

dpkg --purge aliaport-daemon >/dev/null
check "purge after the upgrade leaves nothing" "$nothing_left"

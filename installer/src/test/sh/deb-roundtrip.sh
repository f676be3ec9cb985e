#!/usr/bin/env bash
# Installs the daemon's .deb on THIS machine for real, checks it, and purges it again. For a throw-away
# machine (root), by hand: the build's tests never install anything.
#
#   installer/src/test/sh/deb-roundtrip.sh --yes [path/to/aliaport-daemon_*.deb]
#
# With PostgreSQL answering on 127.0.0.1:5432 as the trusted user postgres, it also runs `migrate` and
# `jobs list` as the service user, against a database of its own (dropped at the end).
set -euo pipefail

[ "${1:-}" = "--yes" ] || { echo "usage: $0 --yes [deb]  (installs and purges aliaport-daemon on this machine)" >&2; exit 2; }
deb=${2:-$(ls "$(dirname "$0")"/../../../target/aliaport-daemon_*_amd64.deb | head -n1)}
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 2; }
if dpkg -s aliaport-daemon >/dev/null 2>&1 || getent passwd aliaport >/dev/null; then
    echo "aliaport-daemon or the aliaport user is already here: not touching it" >&2
    exit 2
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
        psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS $db" >/dev/null 2>&1 || true
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
check "purge leaves nothing" "! getent passwd aliaport >/dev/null && ! getent group aliaport >/dev/null && [ ! -e /etc/aliaport ] && [ ! -e /var/lib/aliaport ] && [ ! -e /usr/lib/aliaport-daemon ] && ! dpkg-statoverride --list | grep -q aliaport"

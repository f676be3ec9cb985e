#!/bin/sh
# Installs the Aliaport Ops daemon from this unpacked tarball (Linux x86-64 with glibc and systemd).
#
#   ./install.sh [--root DIR]                     install or upgrade (run it again: same result)
#   ./install.sh [--root DIR] --uninstall         remove the program; keep configuration, data and user
#   ./install.sh [--root DIR] --uninstall --purge remove configuration, data and the aliaport user as well
#
# Lays out /opt/aliaport-daemon (program and runtime), /usr/local/bin/aliaport-daemon,
# /etc/systemd/system/aliaport-daemon.service, /etc/aliaport/aliaport.conf (only when absent: an existing
# configuration is never overwritten) and /var/lib/aliaport. --root DIR installs into DIR instead of /
# (an image being built, the tests): then no user is created, nothing is chowned and systemd is not
# touched; owners are set by running the script once more without --root on the target machine, or by
# the image's own first-boot step.
set -eu

root=/
uninstall=false
purge=false
while [ $# -gt 0 ]; do
    case "$1" in
    --root) [ $# -ge 2 ] || { echo "install.sh: --root needs a directory" >&2; exit 2; }; root=$2; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --uninstall) uninstall=true; shift ;;
    --purge) purge=true; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ "$purge" = true ] && [ "$uninstall" = false ]; then
    echo "install.sh: --purge goes with --uninstall" >&2
    exit 2
fi

src=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$root" && pwd)
r=${root%/}                     # prefix of every target path: "" for /
live=false                      # the real system: users, owners, systemd
if [ -z "$r" ]; then
    live=true
    if [ "$(id -u)" -ne 0 ]; then
        echo "install.sh: run as root (or with --root DIR to lay out a tree)" >&2
        exit 1
    fi
fi

app=/opt/aliaport-daemon
unit=aliaport-daemon.service
systemd=false
if [ "$live" = true ] && [ -d /run/systemd/system ]; then systemd=true; fi

say() { echo "install.sh: $*"; }

if [ "$uninstall" = true ]; then
    if [ "$systemd" = true ]; then
        systemctl disable --now "$unit" >/dev/null 2>&1 || true
    fi
    rm -rf "$r$app" "$r$app.new"
    rm -f "$r/usr/local/bin/aliaport-daemon" "$r/etc/systemd/system/$unit"
    if [ "$purge" = true ]; then
        rm -rf "$r/etc/aliaport" "$r/var/lib/aliaport" "$r/etc/systemd/system/$unit.d"
        if [ "$live" = true ]; then
            if getent passwd aliaport >/dev/null; then userdel aliaport; fi
            if getent group aliaport >/dev/null; then groupdel aliaport; fi
        fi
        say "removed, with configuration, data and user"
    else
        say "removed; kept /etc/aliaport, /var/lib/aliaport and the aliaport user (--uninstall --purge removes them)"
    fi
    if [ "$systemd" = true ]; then systemctl daemon-reload; fi
    exit 0
fi

# The user and group (live only).
if [ "$live" = true ]; then
    if ! getent group aliaport >/dev/null; then groupadd --system aliaport; fi
    if ! getent passwd aliaport >/dev/null; then
        nologin=$(command -v nologin || echo /sbin/nologin)
        useradd --system --gid aliaport --home-dir /var/lib/aliaport --no-create-home \
            --shell "$nologin" --comment "Aliaport Ops daemon" aliaport
    fi
else
    say "--root $root: no user created, owners left to a run without --root"
fi

# The program: a fresh copy beside the old one, then swapped in.
umask 022
rm -rf "$r$app.new"
mkdir -p "$r$app.new/conf" "$r/usr/local/bin" "$r/etc/systemd/system"
cp -R "$src/bin" "$src/lib" "$src/monitoring" "$r$app.new/"
cp "$src/conf/"*.example "$src/INSTALL.md" "$r$app.new/conf/"
rm -rf "$r$app"
mv "$r$app.new" "$r$app"
ln -sfn "$app/bin/aliaport-daemon" "$r/usr/local/bin/aliaport-daemon"
sed -e "s#/usr/bin/aliaport-daemon#$app/bin/aliaport-daemon#g" \
    -e "s#file:///usr/share/doc/aliaport-daemon/operations.md#file://$app/conf/INSTALL.md#" \
    "$src/systemd/$unit" > "$r/etc/systemd/system/$unit"
chmod 0644 "$r/etc/systemd/system/$unit"

# Configuration and state: created once, never overwritten; modes tightened on every run.
mkdir -p "$r/etc/aliaport" "$r/var/lib/aliaport"
chmod 0750 "$r/etc/aliaport" "$r/var/lib/aliaport"
if [ -e "$r/etc/aliaport/aliaport.conf" ]; then
    say "kept the existing /etc/aliaport/aliaport.conf (the new example: $app/conf/aliaport.conf.example)"
else
    cp "$src/conf/aliaport.conf.example" "$r/etc/aliaport/aliaport.conf"
    say "wrote /etc/aliaport/aliaport.conf: edit it before the first start"
fi
chmod 0640 "$r/etc/aliaport/aliaport.conf"
if [ "$live" = true ]; then
    chown root:aliaport "$r/etc/aliaport" "$r/etc/aliaport/aliaport.conf"
    chown aliaport:aliaport "$r/var/lib/aliaport"
fi

if [ "$systemd" = true ]; then
    systemctl daemon-reload
    # An upgrade: a running service restarts on the new program (ExecStartPre migrates the schema).
    systemctl try-restart "$unit"
    if ! systemctl is-enabled --quiet "$unit"; then
        say "not started. Edit /etc/aliaport/aliaport.conf, then: systemctl enable --now aliaport-daemon"
    fi
fi
say "installed $app"

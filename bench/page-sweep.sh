#!/usr/bin/env bash
# What the VM's memory monitor costs a process that touches many pages (issue 17, session 49): on this machine kind the
# guest runs under PVM (dmesg: "Hypervisor detected: PVM"), and DAMON's kdamond samples the accessed bits of physical
# memory every 0.5 s. bench/lib/page_sweep.c sweeps two buffers, one byte read a 4 kB page, one buffer on 4 kB pages
# and one on 2 MB pages, pinned to one CPU at real-time priority (nothing of the machine's but interrupts and the
# kernel's own threads preempts it), beside a scheduler trace; bench/lib/page_sweep.py splits the sweeps by whether
# kdamond ran meanwhile (on the other CPU).
# Needs: gcc, perf (Debian linux-perf), root (real-time priority, real-time throttling lifted for the run and put
# back, a trace of every CPU). Usage: bench/page-sweep.sh [seconds=20] [megabytes=64] [cpu=0]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-20}; MB=${2:-64}; CPU=${3:-0}
command -v perf >/dev/null || { echo "needs perf: apt-get install linux-perf" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root: real-time priority and a trace of every CPU" >&2; exit 1; }
dir=$(mktemp -d)
runtime=$(cat /proc/sys/kernel/sched_rt_runtime_us)
trap 'echo "$runtime" > /proc/sys/kernel/sched_rt_runtime_us; rm -rf "$dir"' EXIT
gcc -O2 -o "$dir/page_sweep" bench/lib/page_sweep.c
hypervisor=$(dmesg 2>/dev/null | grep -o 'Hypervisor detected: .*' | head -1 || true)
echo "machine: $(nproc) cores, $hypervisor," \
    "THP $(grep -o '\[[a-z]*\]' /sys/kernel/mm/transparent_hugepage/enabled)," \
    "DAMON $(cat /sys/kernel/mm/damon/admin/kdamonds/0/state 2>/dev/null || echo absent);" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
perf record -q -e sched:sched_switch -a -k mono -o "$dir/sched.perf" -- sleep $((SECS + 2)) >/dev/null 2>&1 &
recorder=$!
sleep 1
echo -1 > /proc/sys/kernel/sched_rt_runtime_us # a sweep never stopped by the real-time throttle (50 ms a second)
chrt -f 99 "$dir/page_sweep" "$CPU" "$SECS" "$MB" > "$dir/sweeps"
echo "$runtime" > /proc/sys/kernel/sched_rt_runtime_us
wait "$recorder" || true
perf script -i "$dir/sched.perf" -F cpu,time,event,trace 2>/dev/null > "$dir/sched.txt"
echo "sweeps of $MB MB, one byte a 4 kB page, on CPU $CPU for $SECS s:"
/usr/bin/python3 bench/lib/page_sweep.py "$dir/sweeps" "$dir/sched.txt"

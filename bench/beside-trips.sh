#!/usr/bin/env bash
# What else happened on the machine while a benchmark ran (issue 17: ours' slow single trips). A kernel trace, cheap
# enough to run through whole sets of bench/queue-vs-celery.sh, of:
#   - the scheduler's switches into and out of the threads named by THREADS (shell globs of a thread's name), none of
#     them the benchmark's own (its JVMs, PostgreSQL, Redis, Celery): the machine's other services and kernel threads;
#   - the disk's writes and cache flushes (block requests with W or F in their flags, issued and completed): what a
#     commit's fdatasync waits for.
# The trace streams to a file until stop; its times are CLOCK_MONOTONIC's, with the wall clock's offset in its header,
# for bench/lib/beside_trips.py, which lists what ran and how long the disk took beside each slow trip.
# Usage: bench/beside-trips.sh start FILE | stop     (root: tracefs)
# Env: THREADS (start), by default some of the kernel's threads (kdamond, kswapd, ksoftirqd, ...) and the services this
# machine kind runs beside ours.
set -euo pipefail
T=/sys/kernel/tracing
STATE=${TMPDIR:-/tmp}/beside-trips.state
THREADS=${THREADS:-"kdamond* kworker/u* ksoftirqd* kswapd* kcompactd* khugepaged process_api tokio-rt-worker \
damon-regions drop-idle guest-stats cgroup-reap file-read beam.smp *_scheduler *_aux *_poller *_dirty_* async_* \
nats-server mariadbd mosquitto"}
[ "$(id -u)" = 0 ] || { echo "needs root: a kernel trace" >&2; exit 1; }
EVENTS="sched/sched_switch block/block_rq_issue block/block_rq_complete"

case ${1:-} in
start)
    [ -n "${2:-}" ] || { echo "usage: $0 start FILE" >&2; exit 2; }
    [ ! -e "$STATE" ] || { echo "a trace is already on ($STATE): $0 stop first" >&2; exit 1; }
    mounted=no
    if [ ! -e $T/trace ]; then mount -t tracefs nodev $T; mounted=yes; fi
    clock=$(sed 's/.*\[\(.*\)\].*/\1/' $T/trace_clock)
    switches=""
    for glob in $THREADS; do switches="$switches${switches:+ || }prev_comm ~ \"$glob\" || next_comm ~ \"$glob\""; done
    echo 0 >$T/tracing_on
    buffer=$(cat $T/buffer_size_kb)
    echo mono >$T/trace_clock
    echo 16384 >$T/buffer_size_kb
    echo "$switches" >$T/events/sched/sched_switch/filter
    echo 'rwbs ~ "*F*" || rwbs ~ "*W*"' >$T/events/block/block_rq_issue/filter
    echo 'rwbs ~ "*F*" || rwbs ~ "*W*"' >$T/events/block/block_rq_complete/filter
    for event in $EVENTS; do echo 1 >$T/events/$event/enable; done
    : >$T/trace
    {
        /usr/bin/python3 -c 'import time
print("# wall_minus_mono", time.clock_gettime(time.CLOCK_REALTIME) - time.clock_gettime(time.CLOCK_MONOTONIC))'
        echo "# threads $THREADS"
    } >"$2"
    cat $T/trace_pipe >>"$2" &
    # Restored by stop: the clock, the buffer's size, the mount; and the reader stopped.
    printf 'mounted=%s\nclock=%s\nbuffer=%s\nreader=%s\n' "$mounted" "$clock" "$buffer" "$!" >"$STATE"
    echo 1 >$T/tracing_on
    ;;
stop)
    [ -e "$STATE" ] || exit 0
    # shellcheck disable=SC1090
    . "$STATE"
    for event in $EVENTS; do
        echo 0 >$T/events/$event/enable
        echo 0 >$T/events/$event/filter
    done
    sleep 1 # the reader drains the buffer
    kill "$reader" 2>/dev/null || true
    echo "$clock" >$T/trace_clock
    echo "$buffer" >$T/buffer_size_kb
    : >$T/trace
    [ "$mounted" = no ] || umount $T
    rm -f "$STATE"
    ;;
*)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac

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
    # "7 (expanded: 1408)" until a trace first used the buffer: the size it expands to is the one to restore.
    buffer=$(sed 's/.*expanded: \([0-9]*\).*/\1/' $T/buffer_size_kb)
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
    printf 'mounted=%q\nclock=%q\nbuffer=%q\nreader=%q\n' "$mounted" "$clock" "$buffer" "$!" >"$STATE"
    echo 1 >$T/tracing_on
    ;;
stop)
    [ -e "$STATE" ] || { echo "no trace on ($STATE missing)" >&2; exit 0; }
    # shellcheck disable=SC1090
    . "$STATE"
    # Every step is tried even when one fails, so that the trace is never left running. Until session 51 the state
    # file held the buffer's size as tracefs prints it before first use, "7 (expanded: 1408)", which does not parse
    # as shell: the stop failed at its first line and left the trace on (for an hour after session 50's sets).
    failed=0
    if [ ! -e $T/trace ]; then mount -t tracefs nodev $T && mounted=yes || failed=1; fi
    step() { "$@" || { echo "beside-trips stop: failed: $*" >&2; failed=1; }; }
    write() { echo "$1" >"$2"; }
    step write 0 $T/tracing_on
    for event in $EVENTS; do
        step write 0 $T/events/$event/enable
        step write 0 $T/events/$event/filter
    done
    sleep 1 # the reader drains the buffer
    kill "$reader" 2>/dev/null || true
    step write "$clock" $T/trace_clock
    step write "$buffer" $T/buffer_size_kb
    step write 1 $T/tracing_on
    : >$T/trace || true
    if [ "$mounted" = yes ]; then step umount $T; fi
    if [ "$failed" = 0 ]; then
        rm -f "$STATE"
        echo "beside-trips: trace stopped" >&2
    else
        echo "beside-trips: trace NOT fully stopped; $STATE kept for another stop" >&2
        exit 1
    fi
    ;;
*)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac

"""The seed's Celery setup under the same no-op workload as ReportQueueBench (see queue-vs-celery.sh).

Seed settings: JSON only, prefetch 1, track_started, time limits 540/600 s, queue 'reports', results on Redis,
2 worker processes. ACKS_LATE=1 adds task_acks_late (Celery's only mode that survives a kill -9).
"""
import os
import subprocess
import sys
import time

from celery import Celery

BROKER = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14")
ACKS_LATE = os.environ.get("ACKS_LATE") == "1"
WARMUP = int(os.environ.get("WARMUP", "500"))
SINGLE_WARMUP = int(os.environ.get("SINGLE_WARMUP", "20000"))  # single trips not measured, as the JVM peers' do
TURNS = int(os.environ.get("BENCH_TURNS", "0"))  # blocks of single trips alternated with the other peers' (turns.py)
REWARM = 10  # unmeasured trips at the start of each block but the first, as the JVM peers' (Turns.REWARM)

app = Celery("celery_bench", broker=BROKER, backend=BROKER)
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    timezone="Europe/Istanbul",
    enable_utc=True,
    task_track_started=True,
    task_time_limit=600,
    task_soft_time_limit=540,
    worker_prefetch_multiplier=1,
    task_acks_late=ACKS_LATE,
    task_default_queue="reports",
    task_routes={"aliaport_tasks.reports.*": {"queue": "reports"}},
)


@app.task(name="aliaport_tasks.reports.noop")
def noop():
    return {"status": "SUCCESS"}


def take_turn(phase):
    """Waits for a turn of bench/lib/turns.py when it interleaves the peers (BENCH_TURNS, as the JVM peers' Turns)."""
    if TURNS > 0:
        print(f"turn: {phase}", flush=True)
        if not sys.stdin.readline():
            raise SystemExit(f"bench/lib/turns.py went away before granting a turn for {phase}")


def main():
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    singles = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    take_turn("warm")
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    here = os.path.dirname(os.path.abspath(__file__))
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_bench", "worker", "-c", "2", "-P", "prefork",
         "-Q", "reports", "--prefetch-multiplier", "1", "-l", "WARNING",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=here, env={**os.environ, "PYTHONPATH": here})
    try:
        noop.delay().get(timeout=120)  # worker ready
        for r in [noop.delay() for _ in range(WARMUP)]:  # warm-up, not measured
            r.get(timeout=3600)

        t0 = time.perf_counter()
        results = [noop.delay() for _ in range(tasks)]
        for r in results:
            r.get(timeout=600)
        seconds = time.perf_counter() - t0
        mode = "celery acks_late" if ACKS_LATE else "celery"
        print(f"{mode}: {tasks} tasks in {seconds:.2f} s = {tasks / seconds:.0f} tasks/s (2 processes)")

        cold = []
        for i in range(SINGLE_WARMUP):  # not compared, as the JVM peers'
            if i == max(0, SINGLE_WARMUP - 200):  # the first block's turn: its last 200 before it, as the JVM peers'
                take_turn("trips")
            t = time.perf_counter()
            noop.delay().get(timeout=60)
            cold.append((time.perf_counter() - t) * 1000)
        if cold:
            cold.sort()
            print(f"{mode}: first {len(cold)} single trips (the warm-up, not in the verdict): "
                  f"p50 {cold[len(cold) // 2]:.1f} ms, p99 {cold[max(0, -(-len(cold) * 99 // 100) - 1)]:.1f} ms")
        ms = []
        block = max(1, -(-singles // TURNS)) if TURNS > 0 else singles
        for i in range(singles):
            if i % block == 0 and (i > 0 or SINGLE_WARMUP == 0):
                take_turn("trips")
                for _ in range(REWARM if i > 0 else 0):  # unmeasured, as the JVM peers' (Turns.REWARM)
                    noop.delay().get(timeout=60)
            t = time.perf_counter()
            noop.delay().get(timeout=60)
            ms.append((time.perf_counter() - t) * 1000)
        slowest = sorted(range(singles), key=lambda i: -ms[i])[:3]
        ms_sorted = sorted(ms)
        p99 = ms_sorted[max(0, -(-singles * 99 // 100) - 1)]
        print(f"{mode}: round trip of {singles} single tasks: p50 {ms_sorted[singles // 2]:.1f} ms, p99 {p99:.1f} ms")
        for i in slowest:  # as the JVM peers print theirs
            print(f"{mode}:   slow: {ms[i]:.1f} ms (trip {i + 1})")
    finally:
        worker.terminate()
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:  # a warm shutdown that hangs (seen once: WorkerLostError) ends the run
            worker.kill()
            worker.wait()
        redis.Redis.from_url(BROKER).flushdb()


if __name__ == "__main__":
    main()

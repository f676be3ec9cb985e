"""The disk's flush latency, its tail as well as its middle, as PostgreSQL's commits meet it.

Each commit of a single round trip waits for one WAL flush (fdatasync); pg_test_fsync reports only the mean, which
hides the few slow flushes that a 99th percentile of 300 trips may meet. This writes 8 kB and flushes it N times, one
about every millisecond (the trips' pace), in a file of the given directory, and prints the percentiles.
Usage: disk_flush_tail.py DIRECTORY [N=3000]   (DIRECTORY on the disk PostgreSQL writes its WAL to)
"""
import os
import sys
import time


def main():
    directory, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    path = os.path.join(directory, f".flush-tail-{os.getpid()}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    block = b"\0" * 8192
    micros = []
    try:
        for i in range(n):
            os.pwrite(fd, block, (i % 128) * len(block))  # 1 MB of pages, rewritten in turn
            start = time.perf_counter_ns()
            os.fdatasync(fd)
            micros.append((time.perf_counter_ns() - start) / 1000)
            time.sleep(0.0007)
    finally:
        os.close(fd)
        os.unlink(path)
    micros.sort()

    def at(p):
        return micros[min(n - 1, int(p * n))]

    print(
        f"disk: fdatasync of 8 kB, {n} times: p50 {at(0.5):.0f} µs, p99 {at(0.99):.0f} µs, p99.9 {at(0.999):.0f} µs,"
        f" max {micros[-1] / 1000:.1f} ms; over 1 ms {sum(m > 1000 for m in micros)}, over 2 ms"
        f" {sum(m > 2000 for m in micros)}"
    )


if __name__ == "__main__":
    main()

/*
 * Times sweeps over two buffers of the same size, one byte read per 4 kB page: one kept on 4 kB pages
 * (MADV_NOHUGEPAGE), one on 2 MB pages where the kernel gives them (MADV_HUGEPAGE). Pinned to one CPU; prints one line
 * a sweep: "<S|H> <start, CLOCK_MONOTONIC seconds> <microseconds>". bench/page-sweep.sh runs it beside a scheduler
 * trace and splits the sweeps by whether the VM's kdamond ran meanwhile (docs/benchmarks.md, issue 17, session 49).
 * Usage: page_sweep CPU SECONDS MEGABYTES
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static char *aligned_buffer(size_t bytes, int advice) {
    size_t align = 2u << 20;
    char *raw = mmap(NULL, bytes + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    char *buf = (char *) (((uintptr_t) raw + align - 1) & ~(uintptr_t) (align - 1));
    madvise(buf, bytes, advice);
    memset(buf, 1, bytes);
    return buf;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: page_sweep CPU SECONDS MEGABYTES\n");
        return 2;
    }
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CPU_SET(atoi(argv[1]), &cpus);
    if (sched_setaffinity(0, sizeof cpus, &cpus) != 0) {
        perror("sched_setaffinity");
        return 1;
    }
    size_t bytes = (size_t) atoi(argv[3]) << 20;
    char *buffers[2] = {aligned_buffer(bytes, MADV_NOHUGEPAGE), aligned_buffer(bytes, MADV_HUGEPAGE)};
    long long end = now_ns() + (long long) (atof(argv[2]) * 1e9);
    volatile long sum = 0;
    while (now_ns() < end) {
        for (int k = 0; k < 2; k++) {
            long long t0 = now_ns();
            for (size_t i = 0; i < bytes; i += 4096) {
                sum += buffers[k][i];
            }
            printf("%c %.6f %.1f\n", k ? 'H' : 'S', t0 / 1e9, (now_ns() - t0) / 1e3);
        }
    }
    return 0;
}

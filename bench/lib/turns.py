#!/usr/bin/env python3
"""Runs the peers of bench/queue-vs-celery.sh at once and lets one of them work at a time (INTERLEAVE=n).

Usage: turns.py NAME PREFIX COMMAND [NAME PREFIX COMMAND ...]   (COMMAND: a bash command line; PREFIX: the start of
the output lines kept, '' for all)

Each peer, started with BENCH_TURNS in its environment (the script exports it), prints "turn: <phase>" and waits
for a line on its standard input before each stretch of work: "warm" (its warm-up and batch), "trips" (a block of
its measured single trips), "rest" (what follows them). Nothing is granted until every peer waits, so that no peer's
start-up runs beside another's work; then one turn at a time: every "warm" first, in the order given, then the
"trips" blocks round-robin (ours, db-scheduler, Celery, ours, ...), then the rest in order. While one peer works the
others are stopped (SIGSTOP to each one's process group, SIGCONT when its turn comes), so that nothing of theirs runs
beside it, as in the sequential script. A slow stretch of the machine, some seconds long, then falls on every peer's
trips instead of on whichever peer ran at the time.

At the end each peer's kept lines are printed together, in the order given, as the sequential script prints them,
each peer's after the machine's load when its warm-up was granted (a peer that failed: its last 30 lines of any
kind); then how the trips' blocks alternated. The exit status is the first non-zero one of the peers.
"""
import os
import queue
import signal
import subprocess
import sys
import threading

PHASES = {"warm": 0, "trips": 1, "rest": 2}


def main(argv):
    if len(argv) < 3 or len(argv) % 3:
        sys.exit(__doc__.split("\n\n")[1])
    peers = [{"name": argv[i], "prefix": argv[i + 1], "command": argv[i + 2]} for i in range(0, len(argv), 3)]
    events = queue.Queue()
    for p in peers:
        p["proc"] = subprocess.Popen(["bash", "-c", p["command"]], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1, start_new_session=True)
        p["lines"], p["waiting"], p["done"] = [], None, False
        threading.Thread(target=read, args=(p, events), daemon=True).start()
    try:
        return take_turns(peers, events)
    finally:
        for p in peers:
            signal_peer(p, signal.SIGCONT)


def take_turns(peers, events):
    order, last_trips = [], -1
    running = None
    while not all(p["done"] for p in peers):
        peer, line = events.get()
        if line is None:
            peer["done"] = True
        elif line.startswith("turn: "):
            phase = line[len("turn: "):].strip()
            if phase not in PHASES:
                sys.exit(f"turns.py: {peer['name']} asked for an unknown turn: {phase}")
            peer["waiting"] = phase
        else:
            peer["lines"].append(line)
        if running is not None and (running["done"] or running["waiting"]):
            running = None
        live = [p for p in peers if not p["done"]]
        if running is None and live and all(p["waiting"] for p in live):
            first = min(PHASES[p["waiting"]] for p in live)
            ready = [i for i, p in enumerate(peers) if not p["done"] and PHASES[p["waiting"]] == first]
            if first == PHASES["trips"]:  # round-robin: the next after the last block's peer
                pick = min(ready, key=lambda i: (i - last_trips - 1) % len(peers))
                last_trips = pick
            else:
                pick = ready[0]
            running = peers[pick]
            for p in live:  # the others stopped while it works, as if they had not started
                signal_peer(p, signal.SIGSTOP if p is not running else signal.SIGCONT)
            if running["waiting"] == "warm":
                running["load"] = open("/proc/loadavg").read().split()[:3]
            order.append((running["name"], running["waiting"]))
            running["waiting"] = None
            running["proc"].stdin.write("go\n")
            running["proc"].stdin.flush()
    status = 0
    for p in peers:
        rc = p["proc"].wait()
        status = status or rc
        if "load" in p:
            print(f"   load before {p['name']}: {', '.join(p['load'])}")
        kept = [line for line in p["lines"] if not p["prefix"] or line.startswith(p["prefix"])]
        if rc != 0:  # what it said on the way out, as the sequential script's output would show it
            kept.append(f"{p['name']}: exited with status {rc}; its last lines:\n")
            kept += p["lines"][-30:]
        for line in kept:
            print(line, end="" if line.endswith("\n") else "\n")
    blocks = [name for name, phase in order if phase == "trips"]
    print(f"turns: the measured trips in {len(blocks)} blocks, in this order: {' '.join(blocks)}")
    return status


def signal_peer(peer, sig):
    """Signals the peer's whole process group (its JVM, or Celery's bench and its worker processes)."""
    try:
        os.killpg(peer["proc"].pid, sig)
    except ProcessLookupError:
        pass


def read(peer, events):
    for line in peer["proc"].stdout:
        events.put((peer, line))
    events.put((peer, None))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

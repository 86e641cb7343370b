"""One web machine or two: how many requests/s the site serves with one gunicorn, and with two
gunicorns sharing the load, on the same PostgreSQL and Redis (docs/scaling.md).

This machine stands in for both: "one machine" is gunicorn held to one CPU core (taskset), "two
machines" are two gunicorns on a core each, each loaded by its own wrk. PostgreSQL, Redis and wrk
are not held to a core: they share the two with the web processes, as they would not on real
machines. The ceiling is measured in the same run: the trivial view (bench/trivial_urls.py), through
the same middleware, one machine then two. Three addresses: the trivial view, the announcement page
as visitors get it (from the page cache in Redis) and the same page rendered every time (a query
string bypasses the cache). Prints the ratio two / one for each, from one run.

    .venv/bin/python -m bench.web_machines [--workers 2] [--connections 8] [--duration 10]

Needs wrk (apt-get install wrk) and taskset (util-linux)."""

import argparse
import contextlib
import os
import threading

from bench import bench_site, free_port, get, gunicorn, log, machine
from bench.announcement_page import PAGE_PATH, TRIVIAL_PATH, wrk

PATHS = {
    "trivial view (ceiling)": TRIVIAL_PATH,
    "announcement, from the page cache": PAGE_PATH,
    "announcement, rendered each time": PAGE_PATH + "?uncached=1",
}


def load(ports, path, connections, seconds):
    """Requests/s and worst p95 over `ports` loaded at once, `connections` each."""
    results = {}

    def run(port):
        results[port] = wrk(port, path, connections, seconds)

    threads = [threading.Thread(target=run, args=(port,)) for port in ports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "rps": sum(result["rps"] for result in results.values()),
        "p95_ms": max(result["p95_ms"] for result in results.values()),
        "errors": sum(result["errors"] for result in results.values()),
    }


def measure(ports, args):
    for path in PATHS.values():  # every worker makes its connections and the page's renditions; not measured
        for port in ports:
            assert get(port, path)[0] == 200, f"{path} on {port}"
        load(ports, path, args.connections, 2)
    return {label: load(ports, path, args.connections, args.duration) for label, path in PATHS.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per machine")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections per machine")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per address")
    args = parser.parse_args()
    if (os.cpu_count() or 1) < 2:
        raise SystemExit("Two machines need two CPU cores to stand on.")
    log(f"Machine: {machine()}")
    with bench_site("bench_machines") as port_a:
        port_b = free_port(taken={port_a})
        with gunicorn(port_a, args.workers, cpus="0"):
            one = measure([port_a], args)
        with contextlib.ExitStack() as machines:
            machines.enter_context(gunicorn(port_a, args.workers, cpus="0"))
            machines.enter_context(gunicorn(port_b, args.workers, cpus="1"))
            two = measure([port_a, port_b], args)
    log(
        f"\ngunicorn {args.workers} sync workers per machine, each on one core; wrk -t1 -c{args.connections} "
        f"-d{args.duration}s per machine"
    )
    log("| address | one machine | two machines | two / one | p95 one / two | errors |")
    log("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label in PATHS:
        ratio = two[label]["rps"] / one[label]["rps"]
        log(
            f"| {label} | {one[label]['rps']:.1f} req/s | {two[label]['rps']:.1f} req/s | {ratio:.2f} "
            f"| {one[label]['p95_ms']:.0f} / {two[label]['p95_ms']:.0f} ms "
            f"| {one[label]['errors'] + two[label]['errors']} |"
        )
    ceiling = two["trivial view (ceiling)"]["rps"] / one["trivial view (ceiling)"]["rps"]
    log(
        f"\nCeiling on this machine (the trivial view, two / one): {ceiling:.2f}. Two real machines could give up to "
        "2.00, with PostgreSQL, Redis and the load generator on machines of their own."
    )


if __name__ == "__main__":
    main()

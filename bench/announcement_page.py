"""Is the announcement page with a 12-photo album at least half as fast as a trivial Django view, both
served by gunicorn on PostgreSQL (same workers, same load tool, one run)? And are its HTML + CSS + JS
under 100 KB before images?

Creates the database bench_portal with the demo content, serves it with gunicorn and loads
/bench/trivial/ then the Thai announcement with wrk (apt-get install wrk), then drops the database.

    .venv/bin/python -m bench.announcement_page [--workers 2] [--connections 8] [--duration 10] [--profile]
"""

import argparse
import cProfile
import json
import pstats
import re
import subprocess
import tempfile

from bench import bench_site, get, gunicorn, log, machine

PAGE_PATH = "/news/training-social-innovators-dan-mae-lamao/"
TRIVIAL_PATH = "/bench/trivial/"
GALLERY_PHOTOS = 12
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('BENCH {"requests": %d, "seconds": %f, "errors": %d, "p50_ms": %f, "p95_ms": %f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def wrk(port, path, connections, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        output = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", script.name,
             f"http://127.0.0.1:{port}{path}"],
            capture_output=True, text=True, check=True,
        ).stdout
    result = json.loads(output.split("BENCH ", 1)[1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def page_weight(port, html):
    """Bytes of the page's HTML plus the stylesheets and scripts it links to (uncompressed)."""
    assets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"|<script[^>]*src="([^"]+)"', html.decode())
    total = len(html)
    for url in (stylesheet or script for stylesheet, script in assets):
        status, body = get(port, url)
        assert status == 200, f"{url} answered {status}"
        total += len(body)
    return total, len(assets)


def in_process_checks(profile):
    """SQL queries of one page view, and where the page's time goes (--profile), in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    response = client.get(PAGE_PATH)
    assert response.status_code == 200, f"{PAGE_PATH} answered {response.status_code}"
    photos = response.content.count(b'class="gallery__item"')
    assert photos == GALLERY_PHOTOS, f"the page shows {photos} album photos, not {GALLERY_PHOTOS}"
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGE_PATH)
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(PAGE_PATH) for _ in range(20)])
        log("cProfile of 20 page views, by cumulative time:")
        pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(35)
    return len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--profile", action="store_true", help="profile the page in-process")
    args = parser.parse_args()
    log(f"Machine: {machine()}")
    with bench_site("bench_portal") as port:
        queries = in_process_checks(args.profile)
        with gunicorn(port, args.workers):
            status, html = get(port, PAGE_PATH)  # the first view also makes the album's renditions
            assert status == 200, f"{PAGE_PATH} answered {status} under gunicorn"
            weight, assets = page_weight(port, html)
            for path in (TRIVIAL_PATH, PAGE_PATH):  # warm every worker up; not measured
                wrk(port, path, args.connections, 3)
            trivial = wrk(port, TRIVIAL_PATH, args.connections, args.duration)
            page = wrk(port, PAGE_PATH, args.connections, args.duration)
    ratio = page["rps"] / trivial["rps"]
    log(f"\ngunicorn {args.workers} sync workers; wrk -t1 -c{args.connections} -d{args.duration}s per URL")
    log("| URL | requests/s | p50 | p95 | errors |\n| --- | ---: | ---: | ---: | ---: |")
    for label, result in ((f"`{TRIVIAL_PATH}` (trivial view)", trivial), (f"`{PAGE_PATH}`", page)):
        log(f"| {label} | {result['rps']:.1f} | {result['p50_ms']:.1f} ms | {result['p95_ms']:.1f} ms "
            f"| {result['errors']} |")
    log(f"\nRatio page / trivial: {ratio:.2f} (target ≥ 0.5): {'PASS' if ratio >= 0.5 else 'FAIL'}")
    log(f"HTML + CSS + JS: {weight / 1000:.1f} KB (HTML and {assets} linked files; target < 100 KB): "
        f"{'PASS' if weight < 100_000 else 'FAIL'}")
    log(f"SQL queries per page view: {queries}")


if __name__ == "__main__":
    main()

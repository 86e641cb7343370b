"""Is the announcement page with a 12-photo album at least half as fast as a trivial Django view, both
served by gunicorn on PostgreSQL (same workers, same load tool, one run)? Rendered afresh (past the
page cache, as for a logged-in volunteer or the first visitor after a change) at least 0.1× (issue 17),
in at most 12 queries and with no cache writes on a repeat view? The logged-in event page at least
0.15×? And are the announcement's HTML + CSS + JS under 100 KB before images?

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
from unittest import mock

from bench import bench_site, get, gunicorn, log, machine

PAGE_PATH = "/news/training-social-innovators-dan-mae-lamao/"
UNCACHED_PATH = PAGE_PATH + "?uncached=1"
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


def wrk(port, path, connections, seconds, cookie=None):
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                *(["-H", f"Cookie: {cookie}"] if cookie else []),
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
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
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    response = client.get(PAGE_PATH)
    assert response.status_code == 200, f"{PAGE_PATH} answered {response.status_code}"
    photos = response.content.count(b'class="gallery__item"')
    assert photos == GALLERY_PHOTOS, f"the page shows {photos} album photos, not {GALLERY_PHOTOS}"
    client.get(UNCACHED_PATH)
    backend = type(caches["default"])
    writes = []
    patches = [
        mock.patch.object(backend, name, autospec=True, side_effect=_recorded(writes, getattr(backend, name)))
        for name in ("set", "set_many", "add", "incr")
    ]
    for patch in patches:
        patch.start()
    with CaptureQueriesContext(connection) as queries:
        client.get(UNCACHED_PATH)
    for patch in patches:
        patch.stop()
    query_count = len(queries)  # before profiling: each request started resets the connection's query log
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(UNCACHED_PATH) for _ in range(20)])
        log("cProfile of 20 views rendered afresh, by cumulative time:")
        pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(35)
    return query_count, len(writes)


def _recorded(writes, method):
    def record(self, *args, **kwargs):
        writes.append(args[0])
        return method(self, *args, **kwargs)

    return record


def logged_in_event_page():
    """The demo training's page and the Cookie header of an eligible volunteer who has not registered."""
    from django.urls import reverse
    from django.utils import translation

    from bench.signup_rush import logged_in_cookies, make_volunteers
    from portal.events.demo import TRAINING_TITLE
    from portal.events.models import Event

    event = Event.objects.get(title=TRAINING_TITLE)
    with translation.override("th"):
        path = reverse("events:detail", kwargs={"pk": event.pk})
    return path, logged_in_cookies(make_volunteers(1, event)[0])[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--profile", action="store_true", help="profile the page in-process")
    args = parser.parse_args()
    log(f"Machine: {machine()}")
    with bench_site("bench_portal") as port:
        queries, writes = in_process_checks(args.profile)
        event_path, cookie = logged_in_event_page()
        urls = [  # label, path, cookie, target ratio to the trivial view
            ("cached (not logged in)", PAGE_PATH, None, 0.5),
            ("rendered each time (`?uncached=1`: past the page cache)", UNCACHED_PATH, None, 0.1),
            ("event page, logged in", event_path, cookie, 0.15),
        ]
        with gunicorn(port, args.workers):
            status, html = get(port, PAGE_PATH)  # the first view also makes the album's renditions
            assert status == 200, f"{PAGE_PATH} answered {status} under gunicorn"
            weight, assets = page_weight(port, html)
            for _, path, cookie, _ in [("", TRIVIAL_PATH, None, 0), *urls]:  # warm every worker up; not measured
                wrk(port, path, args.connections, 3, cookie)
            trivial = wrk(port, TRIVIAL_PATH, args.connections, args.duration)
            measured = [
                (label, path, wrk(port, path, args.connections, args.duration, cookie), target)
                for label, path, cookie, target in urls
            ]
    log(f"\ngunicorn {args.workers} sync workers; wrk -t1 -c{args.connections} -d{args.duration}s per URL")
    log("| URL | requests/s | p50 | p95 | errors | ratio to the trivial view | target |")
    log("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, path, result, target in [("trivial view", TRIVIAL_PATH, trivial, None), *measured]:
        ratio = result["rps"] / trivial["rps"]
        verdict = "" if target is None else f"≥ {target:g}: {'PASS' if ratio >= target else 'FAIL'}"
        log(
            f"| {label}: `{path}` | {result['rps']:.1f} | {result['p50_ms']:.1f} ms | {result['p95_ms']:.1f} ms "
            f"| {result['errors']} | {ratio:.3f} | {verdict} |"
        )
    log(
        f"HTML + CSS + JS: {weight / 1000:.1f} KB (HTML and {assets} linked files; target < 100 KB): "
        f"{'PASS' if weight < 100_000 else 'FAIL'}"
    )
    log(
        f"SQL queries per view of the announcement rendered afresh: {queries} (target ≤ 12); "
        f"cache writes on a repeat view: {writes} (target 0)"
    )


if __name__ == "__main__":
    main()

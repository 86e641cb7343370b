"""Where a sign-up's time goes, measured in one process so that the machine's load hardly matters:
the same volunteers POST "Register" through Django's whole stack (middleware, CSRF, sessions) to the
portal's view and to the minimal locked-insert view of bench/signup_rush.py, one after another.
Prints, for each, the CPU milliseconds per request (time.process_time, which a busy machine does not
inflate much), the SQL statements per request, the event lock's hold and the statements under it
(bench/lock_probe.py), and the CPU ratio ceiling / portal, which bounds the burst's throughput ratio on
a machine whose cores are the limit. `--profile` adds cProfile's top CPU costs of the portal's requests (cumulative and own).

    .venv/bin/python -m bench.signup_profile [--volunteers 150] [--seats 70] [--profile]
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time

from bench import bench_site, lock_probe, log, machine
from bench.signup_rush import logged_in_cookies, make_event, make_volunteers


class StatementCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def post_each(client, path, clients, profiler=None):
    """[(cpu ms, wall ms, statements)] of one POST per client, and the status codes seen."""
    from django.db import connection

    measured, codes = [], set()
    for cookie, csrf in clients:
        counter = StatementCounter()
        with connection.execute_wrapper(counter):
            if profiler:
                profiler.enable()
            cpu, wall = time.process_time(), time.perf_counter()
            response = client.post(path, {"csrfmiddlewaretoken": csrf}, HTTP_COOKIE=cookie)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            if profiler:
                profiler.disable()
        codes.add(response.status_code)
        measured.append((cpu * 1000, wall * 1000, counter.count))
    return measured, codes


def summary(name, measured, codes, locks):
    cpu = statistics.median(ms for ms, _, _ in measured)
    wall = statistics.median(ms for _, ms, _ in measured)
    statements = statistics.median(count for _, _, count in measured)
    held = statistics.median(ms for ms, _ in locks) if locks else 0.0
    under = max((count for _, count in locks), default=0)
    log(
        f"{name}: CPU {cpu:.2f} ms, wall {wall:.2f} ms per request (medians); {statements:.0f} SQL statements; "
        f"event lock held {held:.2f} ms (median of {len(locks)}), at most {under} statements under it; codes {codes}"
    )
    return cpu, held


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volunteers", type=int, default=150)
    parser.add_argument("--seats", type=int, default=70)
    parser.add_argument("--profile", action="store_true", help="cProfile the portal's requests")
    args = parser.parse_args()
    log(f"Machine: {machine()}")
    handle, lock_log = tempfile.mkstemp(prefix="bench-locks-")
    os.close(handle)
    os.environ["BENCH_LOCK_LOG"] = lock_log
    with bench_site("bench_signup_profile"):
        from django.test import Client
        from django.urls import reverse
        from django.utils import translation

        from portal.events.models import Signup, SignupStatus

        ceiling_event, event, profiled_event = make_event(args.seats), make_event(args.seats), make_event(args.seats)
        clients = [logged_in_cookies(user) for user in make_volunteers(args.volunteers, event)]
        with translation.override("th"):
            path, profiled_path = (
                reverse("events:register", kwargs={"pk": pk}) for pk in (event.pk, profiled_event.pk)
            )
        # One client, so one handler: its middleware is loaded once, as in a gunicorn worker.
        client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1", HTTP_ORIGIN="http://127.0.0.1")
        warm_up = clients[:5]
        post_each(client, f"/bench/locked-insert/{ceiling_event.pk}/", warm_up)
        post_each(client, path, warm_up)  # first requests import and compile: not measured
        lock_probe.read(lock_log)
        measured = clients[5:]
        ceiling = summary(
            "ceiling",
            *post_each(client, f"/bench/locked-insert/{ceiling_event.pk}/", measured),
            lock_probe.read(lock_log),
        )
        portal = summary(f"portal {path}", *post_each(client, path, measured), lock_probe.read(lock_log))
        profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waits
        if profiler:
            post_each(client, profiled_path, measured, profiler)
        statuses = {status.label: Signup.objects.filter(event=event, status=status).count() for status in SignupStatus}
    os.unlink(lock_log)
    log(f"Sign-ups: { {status: count for status, count in statuses.items() if count} }")
    log(
        f"CPU per sign-up: the ceiling's is {ceiling[0] / portal[0]:.2f} of the portal's "
        f"(the burst's throughput ratio cannot be higher on a machine whose cores are the limit; target ≥ 0.5); "
        f"lock held {portal[1]:.2f} ms in one process (target ≤ 8 ms)"
    )
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        log(out.getvalue())


if __name__ == "__main__":
    main()

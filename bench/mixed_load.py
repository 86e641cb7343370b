"""A sustained mixed load against the production shape: gunicorn + PostgreSQL + Redis + a Celery
worker. Visitors read the home page, the news and an announcement; volunteers open the event and
register; people log in with their password. Reports throughput, p50/p95 and errors per kind, then
checks that the sign-up invariants hold and that the worker delivered every confirmation.

    .venv/bin/python -m bench.mixed_load [--seconds 60] [--clients 16] [--workers 2] [--threads 4]
"""

import argparse
import collections
import http.client
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from bench import ROOT, bench_site, gunicorn, log, machine
from bench.signup_rush import logged_in_cookies, make_event, make_volunteers

BROKER_URL = "redis://127.0.0.1:6379/12"
LOGIN_PASSWORD = "a-long-bench-password-2563"
NEWS = "/news/training-social-innovators-dan-mae-lamao/"
# Log-ins are rare next to reading; 60 a minute are allowed from one address (ACCOUNT_RATE_LIMITS; one here):
# a 429 past that is the rate limit doing its job, counted apart from errors.
MIX = [("home", 32), ("news index", 10), ("announcement", 26), ("event page", 16), ("register", 13), ("log in", 3)]


def request(port, method, path, cookie=None, body=None):
    headers = {"Origin": f"http://127.0.0.1:{port}"}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def log_in(port, email):
    """The whole log-in as a browser does it: the form (for its CSRF cookie and token), then the POST.
    The production settings mark cookies Secure, so they are carried by hand over plain HTTP."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", "/accounts/login/")
        response = connection.getresponse()
        page = response.read().decode()
        cookies = "; ".join(value.split(";", 1)[0] for name, value in response.getheaders() if name == "Set-Cookie")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": LOGIN_PASSWORD})
        connection.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Cookie": cookies,
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{port}",
                "Referer": f"http://127.0.0.1:{port}/accounts/login/",
            },
        )
        response = connection.getresponse()
        response.read()
        logged_in = response.status == 302 and "/accounts/login/" not in response.getheader("Location", "")
        return 302 if logged_in else response.status if response.status != 200 else 400
    finally:
        connection.close()


def run_load(port, seconds, clients, event_path, register_path, volunteers, login_emails):
    """[(kind, status, seconds)] from `clients` threads, each picking its next request from MIX."""
    results, waiting = [], list(volunteers)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    kinds, weights = zip(*MIX)

    def client(seed):
        chooser = random.Random(seed)
        while time.monotonic() < deadline:
            kind = chooser.choices(kinds, weights)[0]
            started = time.perf_counter()
            try:
                if kind == "home":
                    status = request(port, "GET", "/")
                elif kind == "news index":
                    status = request(port, "GET", "/news/")
                elif kind == "announcement":
                    status = request(port, "GET", NEWS)
                elif kind == "event page":
                    status = request(port, "GET", event_path, cookie=chooser.choice(volunteers)[0])
                elif kind == "register":
                    with lock:
                        volunteer = waiting.pop() if waiting else None
                    if volunteer is None:
                        continue
                    cookie, csrf = volunteer
                    status = request(port, "POST", register_path, cookie=cookie, body=f"csrfmiddlewaretoken={csrf}")
                else:
                    status = log_in(port, chooser.choice(login_emails))
            except Exception as error:  # noqa: BLE001 - every failure is a result to count
                status = type(error).__name__
            with lock:
                results.append((kind, status, time.perf_counter() - started))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def celery_worker():
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "warning",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        start_new_session=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--volunteers", type=int, default=400)
    parser.add_argument("--seats", type=int, default=100)
    args = parser.parse_args()
    log(f"Machine: {machine()}")
    with bench_site("bench_load", broker=BROKER_URL) as port:
        from django.contrib.auth.hashers import make_password
        from django.urls import reverse

        from portal.events.models import Signup, SignupStatus
        from portal.notifications.models import Delivery, DeliveryStatus

        event = make_event(args.seats)
        users = make_volunteers(args.volunteers, event)
        login_users = users[:20]
        for user in login_users:
            user.password = make_password(LOGIN_PASSWORD)
            user.save(update_fields=["password"])
        volunteers = [logged_in_cookies(user) for user in users[20:]]
        event_path = reverse("events:detail", kwargs={"pk": event.pk})
        register_path = reverse("events:register", kwargs={"pk": event.pk})
        worker = celery_worker()
        try:
            with gunicorn(port, args.workers, args.threads):
                for path in ("/", "/news/", NEWS, event_path):  # a live site has its photo renditions already
                    request(port, "GET", path)
                results = run_load(
                    port,
                    args.seconds,
                    args.clients,
                    event_path,
                    register_path,
                    volunteers,
                    [user.email for user in login_users],
                )
            drain_deadline = time.monotonic() + 60
            while (
                Delivery.objects.filter(
                    status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], channel="email"
                ).exists()
                and time.monotonic() < drain_deadline
            ):
                time.sleep(1)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        signups = list(Signup.objects.filter(event=event).select_related("event"))
        statuses = collections.Counter(signup.status for signup in signups)
        positions = sorted(s.waitlist_position for s in signups if s.status == SignupStatus.WAITLISTED)
        per_user = collections.Counter(signup.user_id for signup in signups)
        emails = collections.Counter(
            Delivery.objects.filter(subject_id__in=[s.pk for s in signups], channel="email").values_list(
                "status", flat=True
            )
        )

    log(
        f"\n{args.clients} clients for {args.seconds} s; gunicorn {args.workers} gthread workers × {args.threads} threads;"
        " one Celery worker (solo) on Redis"
    )
    log("| request | count | per second | p50 | p95 | errors |")
    log("| --- | ---: | ---: | ---: | ---: | ---: |")
    by_kind = collections.defaultdict(list)
    for kind, status, seconds in results:
        by_kind[kind].append((status, seconds))
    for kind, _ in [*MIX, ("all", 0)]:
        rows = results if kind == "all" else [(kind, *row) for row in by_kind[kind]]
        if len(rows) < 2:
            continue
        latencies = sorted(seconds for _, _, seconds in rows)
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        errors = sum(1 for _, status, _ in rows if not isinstance(status, int) or status >= 500 or status == 400)
        log(
            f"| {kind} | {len(rows)} | {len(rows) / args.seconds:.1f} | {cuts[49] * 1000:.0f} ms "
            f"| {cuts[94] * 1000:.0f} ms | {errors} |"
        )
    log(f"Status codes: {dict(collections.Counter(status for _, status, _ in results))}")
    log(f"Sign-ups: {dict(statuses)}; confirmation e-mails in the ledger: {dict(emails)}")
    registered = sum(1 for kind, status, _ in results if kind == "register" and status == 302)
    waitlisted = statuses[SignupStatus.WAITLISTED]
    checks = {
        "no 5xx or failed request": all(isinstance(s, int) and s < 500 and s != 400 for _, s, _ in results),
        f"confirmed <= {args.seats} seats": statuses[SignupStatus.CONFIRMED] <= args.seats,
        f"waitlist positions 1..{waitlisted}, no gaps": positions == list(range(1, waitlisted + 1)),
        "one sign-up per volunteer": all(count == 1 for count in per_user.values()),
        "every answered registration saved": len(signups) == registered,
        "every confirmation e-mail sent by the worker": set(emails) == {DeliveryStatus.SENT},
    }
    for name, passed in checks.items():
        log(f"  {'PASS' if passed else 'FAIL'}  {name}")
    raise SystemExit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()

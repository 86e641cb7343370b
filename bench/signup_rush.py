"""500 volunteers press "Register" at the same moment for an event with 70 seats: over real HTTP,
through nginx, to gunicorn on PostgreSQL, are exactly 70 confirmed and 430 waitlisted (positions
1..430), with no 5xx, and is each sent one message? Reports throughput, p50/p95 latency and how long
each sign-up holds the event's lock (bench/lock_probe.py), against a ceiling measured in the same run:
the same 500 POSTs to a minimal view on the same gunicorn pool that locks another event's row, counts,
inserts and redirects (bench/trivial_urls.py). Both go through nginx from deploy/nginx.conf to the
seats pool, the reading pool beside it, as production runs them (bench/proxy.py). The messages are
delivered afterwards in this process (to files).

Creates the database bench_signups with the demo content, an event open for registration and 500
eligible volunteers, each logged in through a session made directly (no password hashing) and with
its own CSRF token; releases all requests at once from threads; counts the sign-ups in the database;
drops the database.

    .venv/bin/python -m bench.signup_rush [--volunteers 500] [--seats 70] [--workers 2] [--threads 4]
        [--seat-workers 2] [--seat-threads 4]
"""

import argparse
import collections
import datetime
import http.client
import os
import statistics
import tempfile
import threading
import time
from importlib import import_module

from bench import bench_site, lock_probe, log, machine
from bench.proxy import describe_pools, proxied_pools

CEILING_PATH = "/bench/locked-insert/{pk}/"
# The ceiling's POSTs take the seats pool too, like the sign-ups they are compared with.
CEILING_ROUTE = "^POST /bench/locked-insert/[0-9]+/$"


def make_event(seats):
    from django.utils import timezone

    from portal.events.models import Event, EventStatus, Programme

    now = timezone.now()
    starts = now + datetime.timedelta(days=14)
    return Event.objects.create(
        programme=Programme.objects.first(),
        title="อบรมอาสาสมัคร (ทดสอบรับสมัครพร้อมกัน)",
        place_name="อบต.ด่านแม่ละเมา",
        province_code="63",
        district_code="6306",
        subdistrict_code="630609",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7),
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=starts,
        cancellation_deadline=starts - datetime.timedelta(days=1),
        capacity=seats,
        status=EventStatus.PUBLISHED,
    )


def make_volunteers(count, event):
    """Verified, complete, consenting adult volunteers, as tests/fixtures/volunteers.py makes them."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from portal.accounts.models import ConsentPurpose, VolunteerGroup
    from portal.accounts.services import profile_of, record_consent
    from portal.events.eligibility import eligibility_problems

    User = get_user_model()
    users = User.objects.bulk_create(
        User(
            username=f"rush{n}",
            email=f"rush{n}@example.org",
            first_name="สมชาย",
            last_name=f"ใจดี{n}",
            password=make_password(None),
        )
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    for user in users:
        profile = profile_of(user)
        profile.date_of_birth = datetime.date(1990, 5, 1)
        profile.phone = "+66812345678"
        profile.province_code, profile.district_code, profile.subdistrict_code = "63", "6306", "630609"
        profile.volunteer_group = VolunteerGroup.YOUTH
        profile.save()
        record_consent(user, {ConsentPurpose.PARTICIPATION: True})
        problems = eligibility_problems(user, event)
        assert not problems, f"{user.username} may not register: {problems}"
    return users


def logged_in_cookies(user):
    """The Cookie header of a browser that has logged in as `user` and holds a CSRF token."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)  # the form may send the bare secret
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    return cookie, csrf


def rush(port, path, clients):
    """POST from one thread per client, all released together; [(status, location, seconds)]."""
    results = [None] * len(clients)
    released = []
    barrier = threading.Barrier(len(clients), action=lambda: released.append(time.perf_counter()))

    def post(number, cookie, csrf):
        barrier.wait()
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        try:
            connection.request(
                "POST",
                path,
                body=f"csrfmiddlewaretoken={csrf}",
                headers={
                    "Cookie": cookie,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"http://127.0.0.1:{port}",
                },
            )
            response = connection.getresponse()
            response.read()
            results[number] = (response.status, response.getheader("Location"), time.perf_counter() - started)
        except (OSError, http.client.HTTPException) as error:
            results[number] = (type(error).__name__, None, time.perf_counter() - started)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n, *client)) for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - released[0]


def burst(port, path, clients, lock_log):
    """One rush: (throughput, p50, p95, max latency in s, status codes, lock holds [(ms, statements)])."""
    lock_probe.read(lock_log)
    results, seconds = rush(port, path, clients)
    latencies = sorted(latency for _, _, latency in results)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    codes = collections.Counter(status for status, _, _ in results)
    return {
        "rate": len(clients) / seconds,
        "p50": cuts[49],
        "p95": cuts[94],
        "max": latencies[-1],
        "codes": codes,
        "locks": lock_probe.read(lock_log),
    }


def describe(name, measured):
    holds = sorted(ms for ms, _ in measured["locks"]) or [0.0]
    statements = max((count for _, count in measured["locks"]), default=0)
    log(
        f"{name}: {measured['rate']:.1f} sign-ups/s; latency p50 {measured['p50'] * 1000:.0f} ms, "
        f"p95 {measured['p95'] * 1000:.0f} ms, max {measured['max'] * 1000:.0f} ms; "
        f"event lock held median {statistics.median(holds):.1f} ms, p95 {holds[int(len(holds) * 0.95) - 1]:.1f} ms "
        f"({len(measured['locks'])} holds), at most {statements} statements under it; codes {dict(measured['codes'])}"
    )
    return statistics.median(holds), statements


def messages_of(event):
    """Deliver the event's sign-up messages in this process; {sign-up id: rows} and the delivery counts."""
    from django.contrib.contenttypes.models import ContentType

    from portal.events.models import SignupChange
    from portal.notifications import ledger
    from portal.notifications.models import Delivery

    changes = dict(SignupChange.objects.filter(signup__event=event).values_list("pk", "signup_id"))
    rows = Delivery.objects.filter(
        subject_type=ContentType.objects.get_for_model(SignupChange), subject_id__in=list(changes)
    )
    started = time.monotonic()
    counts = ledger.deliver(list(rows.values_list("pk", flat=True)))
    seconds = time.monotonic() - started
    per_signup = collections.Counter(
        changes[subject_id] for subject_id in rows.filter(status="sent").values_list("subject_id", flat=True)
    )
    return per_signup, counts, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volunteers", type=int, default=500)
    parser.add_argument("--seats", type=int, default=70)
    parser.add_argument("--workers", type=int, default=2, help="the reading pool's gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per reading worker (1: sync workers)")
    parser.add_argument("--seat-workers", type=int, default=2, help="the seats pool's gunicorn workers")
    parser.add_argument("--seat-threads", type=int, default=4, help="threads per seats worker (1: sync workers)")
    args = parser.parse_args()
    log(f"Machine: {machine()}")
    handle, lock_log = tempfile.mkstemp(prefix="bench-locks-")
    os.close(handle)
    os.environ["BENCH_LOCK_LOG"] = lock_log
    with bench_site("bench_signups") as port:
        from django.urls import reverse
        from django.utils import translation

        from portal.events.models import Signup, SignupStatus

        ceiling_event, event = make_event(args.seats), make_event(args.seats)
        started = time.monotonic()
        clients = [logged_in_cookies(user) for user in make_volunteers(args.volunteers, event)]
        log(f"{args.volunteers} eligible volunteers logged in: {time.monotonic() - started:.1f} s")
        with translation.override("th"):
            path = reverse("events:register", kwargs={"pk": event.pk})
        pools = (args.workers, args.threads), (args.seat_workers, args.seat_threads)
        with proxied_pools(port, *pools, extra_seat_routes=(CEILING_ROUTE,)):
            ceiling = burst(port, CEILING_PATH.format(pk=ceiling_event.pk), clients, lock_log)
            portal = burst(port, path, clients, lock_log)

        signups = list(Signup.objects.filter(event=event).select_related("event"))
        statuses = collections.Counter(signup.status for signup in signups)
        positions = sorted(s.waitlist_position for s in signups if s.status == SignupStatus.WAITLISTED)
        ceiling_statuses = collections.Counter(
            Signup.objects.filter(event=ceiling_event).values_list("status", flat=True)
        )
        sent_per_signup, delivered, delivery_seconds = messages_of(event)
    os.unlink(lock_log)
    waitlisted = args.volunteers - args.seats
    log(f"\n{args.volunteers} concurrent POSTs each; {describe_pools(*pools)}")
    ceiling_hold, _ = describe("ceiling (lock, count, insert, redirect)", ceiling)
    portal_hold, statements = describe(f"portal {path}", portal)
    log(
        f"Ratio: throughput {portal['rate'] / ceiling['rate']:.2f}× the ceiling; p95 {portal['p95'] / ceiling['p95']:.2f}× "
        f"the ceiling's; lock held {portal_hold / max(ceiling_hold, 0.001):.1f}× as long"
    )
    log(f"Sign-ups in the database: {dict(statuses)} (ceiling: {dict(ceiling_statuses)})")
    log(f"Messages delivered in this process afterwards: {delivered} in {delivery_seconds:.1f} s")
    checks = {
        f"{args.seats} confirmed": statuses[SignupStatus.CONFIRMED] == args.seats,
        f"{waitlisted} waitlisted": statuses[SignupStatus.WAITLISTED] == waitlisted,
        f"waitlist positions 1..{waitlisted}, no gaps": positions == list(range(1, waitlisted + 1)),
        "one message sent to each, no duplicates": sorted(sent_per_signup.values()) == [1] * args.volunteers
        and set(sent_per_signup) == {signup.pk for signup in signups},
        "no 5xx": not any(isinstance(code, int) and code >= 500 for code in portal["codes"]),
        "every request answered": all(isinstance(code, int) for code in portal["codes"]),
        "ceiling: every request redirected": ceiling["codes"] == {302: args.volunteers},
        "throughput ≥ 0.5× the ceiling": portal["rate"] >= 0.5 * ceiling["rate"],
        "p95 ≤ 2× the ceiling's": portal["p95"] <= 2 * ceiling["p95"],
        "event lock held ≤ 8 ms (median)": portal_hold <= 8,
        "≤ 8 statements under the lock": statements <= 8,
    }
    for name, passed in checks.items():
        log(f"  {'PASS' if passed else 'FAIL'}  {name}")
    raise SystemExit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()

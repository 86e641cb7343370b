"""10,000 reminders falling due at once, each delivered exactly once and within 90 s of its moment
with beat running the sweep every minute: by e-mail to a local SMTP sink and by LINE to the local fake
Messaging API, both counting what arrives and when.

Creates the database bench_reminders with the demo content, events with the reminder "2h" (two hours
before) and confirmed volunteers who linked LINE and consented to LINE messages; starts one
`celery -A config worker` (prefork, concurrency = CPUs) on Redis; moves the events so that their
reminders fall due --after-tick seconds after a beat tick (1 s: just missed, the worst case), then
sends what beat sends, events.tasks.queue_due_reminders, once a minute, and times every arrival from
the moment: the first, the median and the last. Counts duplicates at the sinks (by the ledger key in
X-Delivery-Key and X-Line-Retry-Key). The ceiling, measured in the same run: as many plain processes
sending the same number of e-mails and pushes over the same transports, with no database and no
broker; the ratio is the portal's messages per second over theirs. Drops the database.

    .venv/bin/python -m bench.reminders [--volunteers 10000] [--events 10] [--after-tick 1] [--timeout 300]

Run it between 07:00 and 21:00 Bangkok time: at night LINE pushes wait for the morning, by design.
"""

import argparse
import collections
import datetime
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import REDIS_URL, ROOT, bench_site, log, machine
from bench.reminder_ceiling import ceiling
from bench.smtp_sink import SmtpSink

BROKER_URL = os.environ.get("BENCH_BROKER_URL", REDIS_URL.rsplit("/", 1)[0] + "/8")


def fill(volunteers, events):
    """Events starting just under two hours from now with reminders "2h", and the volunteers
    confirmed on them (made in bulk, as services.sign_up would leave them)."""
    from allauth.socialaccount.models import SocialAccount
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from portal.accounts.models import ConsentPurpose, ConsentRecord, PrivacyNotice, Profile, VolunteerGroup
    from portal.events.models import Event, EventStatus, Programme, Signup, SignupStatus

    now = timezone.now()
    starts = now + datetime.timedelta(hours=2) - datetime.timedelta(minutes=1)
    programme = Programme.objects.first()
    made = [
        Event.objects.create(
            programme=programme,
            title=f"อบรมอาสาสมัคร รุ่นที่ {n + 1}",
            title_en=f"Volunteer training, group {n + 1}",
            place_name="ห้องประชุม อบต.ด่านแม่ละเมา",
            province_code="63",
            district_code="6306",
            subdistrict_code="630609",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=6),
            registration_opens_at=now - datetime.timedelta(days=20),
            registration_closes_at=starts - datetime.timedelta(days=1),
            cancellation_deadline=starts - datetime.timedelta(days=1),
            capacity=volunteers,
            status=EventStatus.PUBLISHED,
            reminder_schedule="2h",
        )
        for n in range(events)
    ]
    User = get_user_model()
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench{n}",
                email=f"bench{n}@example.org",
                first_name="สมชาย",
                last_name=f"ใจดี{n}",
                password=password,
            )
            for n in range(volunteers)
        ],
        batch_size=2000,
    )
    Profile.objects.bulk_create(
        [
            Profile(user=user, volunteer_group=VolunteerGroup.OPM, preferred_language="en" if n % 4 == 0 else "th")
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    SocialAccount.objects.bulk_create(
        [SocialAccount(user=user, provider="line", uid=f"U{user.pk:032x}", extra_data={}) for user in users],
        batch_size=2000,
    )
    notice = PrivacyNotice.current()
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(user=user, purpose=purpose, granted=True, notice=notice)
            for user in users
            for purpose in (ConsentPurpose.PARTICIPATION, ConsentPurpose.LINE_REMINDERS)
        ],
        batch_size=4000,
    )
    confirmed_at = now - datetime.timedelta(days=10)
    Signup.objects.bulk_create(
        [
            Signup(
                event=made[n % events],
                user=user,
                status=SignupStatus.CONFIRMED,
                created_at=confirmed_at,
                status_changed_at=confirmed_at,
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )


def start_worker(smtp_port, line_url, token, log_path):
    env = dict(
        os.environ,
        CELERY_BROKER_URL=BROKER_URL,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        LINE_CHANNEL_ACCESS_TOKEN=token,
        LINE_MESSAGING_API_URL=line_url,
    )
    env.pop("BENCH_MAIL_DIR", None)  # the worker sends to the SMTP sink, not to files
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        str(os.cpu_count() or 2),
        "--without-gossip",
        "--without-mingle",
    ]
    with open(log_path, "w") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_for_worker(log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if " ready." in Path(log_path).read_text():
            return True
        time.sleep(0.2)
    return False


def arrival_times(arrivals, since):
    """(first, median, last) seconds after `since`."""
    arrivals = sorted(arrivals)
    return tuple(arrivals[index] - since for index in (0, len(arrivals) // 2, len(arrivals) - 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volunteers", type=int, default=10000)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument(
        "--after-tick",
        type=float,
        default=1.0,
        help="seconds after a beat tick that the reminders fall due (1: just missed it, the worst case)",
    )
    parser.add_argument("--timeout", type=int, default=300, help="give up after this many seconds")
    args = parser.parse_args()
    log(f"Machine: {machine()}")
    processes = os.cpu_count() or 2
    with bench_site("bench_reminders"):
        from django.utils import timezone

        from config.celery import app
        from portal.events.models import Event
        from portal.notifications import quiet_hours
        from portal.notifications.models import Delivery
        from tests.fakes.line_messaging import TEST_ACCESS_TOKEN, FakeLineMessaging

        if quiet_hours.quiet_until(timezone.now()) is not None:
            raise SystemExit("It is between 21:00 and 07:00 in Bangkok: LINE pushes would wait for the morning.")
        # This process talks to the worker's Redis explicitly (the run's own queue, bench.bench_site).
        broker = app.connection_for_write(BROKER_URL)
        app.control.purge(connection=broker)

        started = time.monotonic()
        fill(args.volunteers, args.events)
        log(f"{args.volunteers} confirmed volunteers on {args.events} events: {time.monotonic() - started:.1f} s")

        sink = SmtpSink()
        threading.Thread(target=sink.serve_forever, daemon=True).start()
        line = FakeLineMessaging(check_schema=False).start()  # tests/portal/notifications check the shape
        log_path = os.path.join(os.environ["VAR_DIR"], "worker.log")
        worker = start_worker(sink.port, line.url, TEST_ACCESS_TOKEN, log_path)
        try:
            if not wait_for_worker(log_path):
                raise SystemExit("The worker did not start")
            # Beat ticks every minute; the reminders fall due --after-tick seconds after the first tick.
            first_tick, first_tick_at = time.monotonic() + 2, timezone.now() + datetime.timedelta(seconds=2)
            moment = first_tick + args.after_tick
            Event.objects.filter(reminder_schedule="2h").update(
                starts_at=first_tick_at + datetime.timedelta(hours=2, seconds=args.after_tick)
            )
            expected, deadline, ticks = args.volunteers, moment + args.timeout, 0
            pushes_seen = []  # (time, LINE pushes arrived by then), sampled
            while time.monotonic() < deadline:
                if time.monotonic() >= first_tick + 60 * ticks:
                    # What beat sends every minute; the worker runs it and enqueues the deliveries.
                    app.send_task("portal.events.tasks.queue_due_reminders", connection=broker)
                    ticks += 1
                pushes_seen.append((time.monotonic(), len(line.delivered)))
                if sum(sink.keys.values()) >= expected and len(line.delivered) >= expected:
                    break
                time.sleep(0.2)
            time.sleep(3)  # anything sent twice would arrive meanwhile
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
            line.stop()
            sink.shutdown()

        statuses = collections.Counter(Delivery.objects.filter(kind="reminder").values_list("status", flat=True))
        emails, pushes = sum(sink.keys.values()), len(line.delivered)
        email_duplicates = sum(count - 1 for count in sink.keys.values() if count > 1)
        line_duplicates = sum(count - 1 for count in line.duplicates().values())
        refused = collections.Counter(push.status for push in line.requests if push.status != 200)
        limit, limit_seconds = ceiling(args.volunteers, processes)
    email_at = arrival_times(sink.arrivals, moment) if sink.arrivals else (float("nan"),) * 3
    line_at = tuple(
        next((at - moment for at, count in pushes_seen if count >= needed), float("nan"))
        for needed in (1, max(1, pushes // 2), pushes)
    )
    window = max(email_at[2], line_at[2]) - min(email_at[0], line_at[0])
    rate = (emails + pushes) / window if window > 0 else float("nan")
    log(f"\nReminders due {args.after_tick:g} s after a beat tick; {ticks} ticks sent, one a minute")
    log(
        f"E-mail after the reminders' moment: first {email_at[0]:.1f} s, median {email_at[1]:.1f} s, last {email_at[2]:.1f} s"
    )
    log(
        f"LINE after the moment (sampled every 0.2 s): first {line_at[0]:.1f} s, median {line_at[1]:.1f} s, "
        f"last {line_at[2]:.1f} s"
    )
    log(
        f"Delivered: {emails} e-mails at the SMTP sink, {pushes} LINE pushes at the fake; "
        f"{rate:.0f} messages/s from the first to the last"
    )
    log(
        f"Ceiling: {processes} plain senders, the same transports, no database or broker: {limit:.0f} messages/s "
        f"({2 * args.volunteers} in {limit_seconds:.1f} s); ratio {rate / limit:.2f}"
    )
    log(
        f"Duplicates at the sinks: e-mail {email_duplicates}, LINE {line_duplicates}; LINE non-200 answers: {dict(refused)}"
    )
    log(f"Ledger rows of the reminders: {dict(statuses)}")
    checks = {
        f"{expected} e-mails, each once": emails == expected and email_duplicates == 0,
        f"{expected} LINE pushes, each once": pushes == expected and line_duplicates == 0,
        "the last within 90 s of the moment": max(email_at[2], line_at[2]) <= 90,
    }
    for name, passed in checks.items():
        log(f"  {'PASS' if passed else 'FAIL'}  {name}")
    raise SystemExit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()

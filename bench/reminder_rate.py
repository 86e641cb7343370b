"""Reminders at the speed of one SMTP connection (issue #17): one Celery worker process delivering
due reminders by e-mail against one plain process sending the same multipart mails over one SMTP
connection, in the same run, to the same local SMTP sink.

Creates the database bench_reminder_rate with the demo content, an event whose reminder ("2h") is
due and --volunteers confirmed volunteers on it (bench.reminders.fill), LINE switched off (e-mail
only: the target is about SMTP). The reminders are recorded and queued (events.tasks.
queue_due_reminders) before the worker starts; then one `celery -A config worker --concurrency 1`
delivers them, timed from its first message at the sink to its last. The ceiling: the first
reminder's mail as the worker sent it (its text and HTML parts, its headers) sent --volunteers times
by one process over one smtplib connection, each a fresh EmailMultiAlternatives with its own key.
Checks every reminder arrived once (by X-Delivery-Key) and every ledger row is marked sent.

    .venv/bin/python -m bench.reminder_rate [--volunteers 3000] [--timeout 300]
    .venv/bin/python -m bench.reminder_rate --profile   # then deliver() of the same rows under cProfile here

Ports: set BENCH_PORTS=8170-8179 to keep the sink on ports of your own (bench.free_port).
"""

import argparse
import collections
import cProfile
import email
import email.header
import io
import os
import pstats
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import REDIS_URL, ROOT, bench_site, free_port, log, machine
from bench.reminders import fill
from bench.smtp_sink import SmtpSink

TARGET = 0.7


def start_worker(smtp_port, log_path):
    env = dict(os.environ, EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}", LINE_CHANNEL_ACCESS_TOKEN="")
    env.pop("BENCH_MAIL_DIR", None)  # the worker sends to the SMTP sink, not to files
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--loglevel",
        "WARNING",
        "--concurrency",
        "1",
        "--pool",
        "prefork",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with open(log_path, "w") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(worker):
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def plain_sender(count, smtp_port, sample):
    """The ceiling: `count` copies of the worker's first mail (its two parts and headers), each built
    afresh with its own key and sent over one SMTP connection; messages per second."""
    from django.core.mail import EmailMultiAlternatives
    from django.core.mail.backends.smtp import EmailBackend

    parsed = email.message_from_bytes(sample)
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in parsed.walk()
        if not part.is_multipart()
    }
    headers = {
        name: "".join(str(parsed[name]).splitlines()).strip()  # unfolded
        for name in ("Auto-Submitted", "List-Unsubscribe", "List-Unsubscribe-Post")
        if parsed[name]
    }
    subject = str(email.header.make_header(email.header.decode_header(parsed["Subject"])))
    connection = EmailBackend(host="127.0.0.1", port=smtp_port, use_tls=False, username="", password="")
    connection.open()
    started = time.monotonic()
    for number in range(count):
        message = EmailMultiAlternatives(
            subject,
            parts["text/plain"],
            to=[f"plain{number}@example.org"],
            headers={**headers, "X-Delivery-Key": f"plain-{number}"},
            connection=connection,
        )
        message.attach_alternative(parts["text/html"], "text/html")
        message.send()
    seconds = time.monotonic() - started
    connection.close()
    return count / seconds, seconds


def in_own_process(function, *args):
    """`function(*args)` in a process of its own, as the worker is one: the sink's threads stay here."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(function, args)


def record_reminders(volunteers):
    from django.conf import settings

    from portal.events import tasks

    assert not settings.LINE_CHANNEL_ACCESS_TOKEN, "e-mail only: run without LINE_CHANNEL_ACCESS_TOKEN"
    fill(volunteers, 1)  # the event starts in 2 h less a minute: its reminder "2h" is due
    return tasks.queue_due_reminders()


def profile(sink):
    """deliver() of every reminder row again (put back to pending), in batches as the worker gets them,
    under cProfile in this process."""
    from django.conf import settings

    from portal.notifications import ledger, sending
    from portal.notifications.models import Delivery, DeliveryStatus

    Delivery.objects.filter(kind="reminder").update(status=DeliveryStatus.PENDING, claim_token=None, attempts=0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    ids = list(Delivery.objects.filter(kind="reminder").order_by("pk").values_list("pk", flat=True))
    profiler = cProfile.Profile()
    started = time.monotonic()
    profiler.enable()
    for start in range(0, len(ids), sending.BATCH_SIZE):
        ledger.deliver(ids[start : start + sending.BATCH_SIZE])
    profiler.disable()
    seconds = time.monotonic() - started
    log(f"deliver() of {len(ids)} rows in this process: {seconds:.1f} s, {len(ids) / seconds:.0f}/s")
    output = io.StringIO()
    pstats.Stats(profiler, stream=output).sort_stats("cumulative").print_stats(35)
    log(output.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volunteers", type=int, default=3000)
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument(
        "--profile", action="store_true", help="afterwards, profile deliver() of the same rows in this process"
    )
    args = parser.parse_args()
    os.environ["LINE_CHANNEL_ACCESS_TOKEN"] = ""
    log(f"Machine: {machine()}")
    with bench_site("bench_reminder_rate", broker=os.environ.get("BENCH_BROKER_URL", REDIS_URL)):
        from portal.notifications.models import Delivery

        started = time.monotonic()
        queued = record_reminders(args.volunteers)
        log(f"{queued} reminders recorded and queued: {time.monotonic() - started:.1f} s")
        sink = SmtpSink(free_port(), keep_first=True)  # the ceiling sends what the worker sent first
        threading.Thread(target=sink.serve_forever, daemon=True).start()
        log_path = os.path.join(os.environ["VAR_DIR"], "worker.log")
        worker = start_worker(sink.port, log_path)
        try:
            deadline = time.monotonic() + args.timeout
            while sum(sink.keys.values()) < queued and time.monotonic() < deadline:
                if worker.poll() is not None:
                    raise SystemExit("The worker stopped:\n" + Path(log_path).read_text())
                time.sleep(0.1)
            time.sleep(2)  # anything sent twice would arrive meanwhile
        finally:
            stop(worker)
        arrivals = sorted(sink.arrivals)
        window = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else float("nan")
        ours = (len(arrivals) - 1) / window
        duplicates = sum(count - 1 for count in sink.keys.values() if count > 1)
        statuses = collections.Counter(Delivery.objects.filter(kind="reminder").values_list("status", flat=True))
        sample = sink.first_message
        worker_keys = set(sink.keys)
        log(
            f"\nOne worker (prefork, concurrency 1): {len(worker_keys)} reminders, {ours:.0f}/s "
            f"from its first message to its last ({window:.1f} s)"
        )
        ceiling, ceiling_seconds = in_own_process(plain_sender, queued, sink.port, sample)
        if args.profile:
            profile(sink)
        sink.shutdown()
    ratio = ours / ceiling
    log(
        f"Ceiling: one process, the same multipart mail over one SMTP connection: {ceiling:.0f}/s "
        f"({queued} in {ceiling_seconds:.1f} s)"
    )
    log(f"Ratio {ratio:.2f} (target ≥ {TARGET}); load average now {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")
    log(f"Duplicates at the sink: {duplicates}; ledger rows: {dict(statuses)}")
    checks = {
        f"ratio ≥ {TARGET}": ratio >= TARGET,
        f"{queued} reminders, each once": len(worker_keys) == queued and duplicates == 0,
        "every ledger row sent": statuses == {"sent": queued},
    }
    for name, passed in checks.items():
        log(f"  {'PASS' if passed else 'FAIL'}  {name}")
    raise SystemExit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()

"""The ceiling of bench/reminders.py: plain processes sending the same e-mails and LINE pushes over the same
transports, with no database and no broker."""

import threading
import time

from bench.smtp_sink import SmtpSink


def plain_sender(share):
    """The ceiling: what one process sends when it does nothing but send, over the same transports
    (an SMTP connection kept open, a kept-alive HTTP connection to LINE), no database, no broker."""
    import http.client
    import json
    import smtplib
    import uuid

    from django.core.mail import EmailMessage

    first, last, smtp_port, line_url, token = share
    body = "เรียน คุณสมชาย ใจดี\n\nพรุ่งนี้ 09:00 น. อบรมอาสาสมัคร ห้องประชุม อบต.ด่านแม่ละเมา\n" * 3
    smtp = smtplib.SMTP("127.0.0.1", smtp_port)
    host, port = line_url.split("//", 1)[1].split("/", 1)[0].split(":")
    line = http.client.HTTPConnection(host, int(port))
    for number in range(first, last):
        message = EmailMessage(
            "เตือนความจำ: อบรมอาสาสมัคร",
            body,
            "portal@example.org",
            [f"plain{number}@example.org"],
            headers={"X-Delivery-Key": f"plain-{number}"},
        )
        smtp.sendmail(message.from_email, message.to, message.message().as_bytes())
        push = {"to": f"U{number:032x}", "messages": [{"type": "text", "text": body}]}
        line.request(
            "POST",
            "/v2/bot/message/push",
            body=json.dumps(push, ensure_ascii=False).encode(),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "X-Line-Retry-Key": str(uuid.uuid4()),
            },
        )
        line.getresponse().read()
    smtp.quit()


def ceiling(count, processes):
    """Messages per second (e-mail + LINE) of `processes` plain senders sending `count` of each."""
    import multiprocessing

    from tests.fakes.line_messaging import TEST_ACCESS_TOKEN, FakeLineMessaging

    sink = SmtpSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    line = FakeLineMessaging(check_schema=False).start()
    bounds = [count * n // processes for n in range(processes + 1)]
    shares = [(bounds[n], bounds[n + 1], sink.port, line.url, TEST_ACCESS_TOKEN) for n in range(processes)]
    started = time.monotonic()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(plain_sender, shares)
    seconds = time.monotonic() - started
    delivered = sum(sink.keys.values()) + len(line.delivered)
    line.stop()
    sink.shutdown()
    return delivered / seconds, seconds

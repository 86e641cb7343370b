"""Answering on LINE: the buttons of a reminder ("ยืนยันว่าจะไป" / "ยกเลิก") and of a waitlist
message ("ยังรออยู่" / "ไม่รอแล้ว"), tapped in LINE. The messages go out through the ledger to the
fake LINE Platform; the taps come back as signed postback webhooks; the replies are checked there."""

import datetime
import json

import pytest
from django.core import mail, signing
from django.utils import timezone

from portal.events import line_buttons, notices, services
from portal.events.models import EventStatus, SignupChange, SignupStatus
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from tests.fakes import line_webhooks as webhooks
from tests.fakes.line_reading import postbacks, texts
from tests.notification_helpers import handle_webhook_events, link_line

pytestmark = pytest.mark.django_db


def noon():
    return timezone.localtime().replace(hour=12, minute=0)  # Bangkok: no quiet hours


def deliver_all():
    ledger.deliver(
        list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)), now=noon()
    )


def remind(signup):
    ledger.notify_many([notices.reminder(signup, "3d@test")])
    deliver_all()


def buttons(fake, uid):
    """{label: postback data} of the newest push to `uid`."""
    return postbacks(fake.delivered_to(uid)[-1].body["messages"])


def reply_buttons(reply):
    return postbacks(reply.body["messages"])


def tap(client, fake, uid, data, redeliveries=0):
    """The person taps a button in LINE: LINE posts the postback (again, when it redelivers); the
    worker handles it. Returns the reply."""
    event = webhooks.postback(fake, uid, data)
    assert webhooks.post(client, [event]).status_code == 200
    for _ in range(redeliveries):
        assert webhooks.post(client, webhooks.redelivered([event])).status_code == 200
    handle_webhook_events()
    [reply] = fake.replies_to(event["replyToken"])
    return reply


def said(reply):
    return " ".join(texts(reply.body["messages"]))


@pytest.fixture
def seats(make_event, make_volunteer):
    """An event of one seat: somchai has it, somsri and somsak wait, in that order; all on LINE."""
    event = make_event(capacity=1)
    people = {name: make_volunteer(name) for name in ("somchai", "somsri", "somsak")}
    uids = {name: link_line(person) for name, person in people.items()}
    signups = {name: services.sign_up(person, event) for name, person in people.items()}
    deliver_all()
    return event, people, uids, signups


def test_a_reminder_on_line_carries_the_two_answers_and_the_email_none(client, line_platform, seats):
    _event, people, uids, signups = seats
    remind(signups["somchai"])
    assert set(buttons(line_platform, uids["somchai"])) == {"ยืนยันว่าจะไป", "ยกเลิก"}
    reminder = Delivery.objects.get(recipient=people["somchai"], kind="reminder", channel="email")
    [email] = [message for message in mail.outbox if message.extra_headers["X-Delivery-Key"] == str(reminder.key)]
    assert "ยืนยันว่าจะไป" not in email.body + email.alternatives[0][0], "e-mail offers no LINE answers"
    for data in buttons(line_platform, uids["somchai"]).values():
        assert data.startswith("signup:") and len(data) <= 300


def test_postback_data_stays_under_lines_limit_for_any_id(settings):
    class Huge:
        pk = user_id = 10**18

    longest = max(len(line_buttons.data(Huge, action)) for action in line_buttons.ACTIONS)
    assert longest <= 300


def test_ill_be_there_is_recorded_once(client, line_platform, seats):
    _event, _people, uids, signups = seats
    remind(signups["somchai"])
    data = buttons(line_platform, uids["somchai"])["ยืนยันว่าจะไป"]
    assert "ขอบคุณ" in said(tap(client, line_platform, uids["somchai"], data))
    signups["somchai"].refresh_from_db()
    first = signups["somchai"].attendance_confirmed_at
    assert signups["somchai"].attendance_confirmed and first is not None
    assert "แจ้งไว้แล้ว" in said(tap(client, line_platform, uids["somchai"], data))
    signups["somchai"].refresh_from_db()
    assert signups["somchai"].attendance_confirmed_at == first


def test_cancel_asks_first_then_cancels_once_and_the_seat_goes_to_the_first_waiting(client, line_platform, seats):
    _event, _people, uids, signups = seats
    remind(signups["somchai"])
    question = tap(client, line_platform, uids["somchai"], buttons(line_platform, uids["somchai"])["ยกเลิก"])
    assert "ต้องการยกเลิก" in said(question)
    signups["somchai"].refresh_from_db()
    assert signups["somchai"].status == SignupStatus.CONFIRMED, "one tap cancels nothing"
    yes = reply_buttons(question)["ใช่ ยกเลิกเลย"]
    done = tap(client, line_platform, uids["somchai"], yes, redeliveries=2)
    assert "ยกเลิกการลงทะเบียน" in said(done)
    deliver_all()
    for signup in signups.values():
        signup.refresh_from_db()
    assert [signups[name].status for name in ("somchai", "somsri", "somsak")] == [
        SignupStatus.CANCELLED,
        SignupStatus.CONFIRMED,
        SignupStatus.WAITLISTED,
    ]
    assert SignupChange.objects.filter(signup=signups["somchai"], to_status=SignupStatus.CANCELLED).count() == 1
    kinds = [push.body["messages"][0]["altText"] for push in line_platform.delivered_to(uids["somsri"])]
    assert sum("ได้ที่นั่งแล้ว" in kind for kind in kinds) == 1, kinds
    assert line_platform.duplicates() == {}
    # Tapping "yes" once more: already cancelled, nothing changes.
    assert "ยกเลิกแล้ว" in said(tap(client, line_platform, uids["somchai"], yes))
    assert SignupChange.objects.filter(signup=signups["somchai"], to_status=SignupStatus.CANCELLED).count() == 1


def test_no_keep_my_seat_keeps_it(client, line_platform, seats):
    _event, _people, uids, signups = seats
    remind(signups["somchai"])
    question = tap(client, line_platform, uids["somchai"], buttons(line_platform, uids["somchai"])["ยกเลิก"])
    assert "ยังลงทะเบียน" in said(tap(client, line_platform, uids["somchai"], reply_buttons(question)["ไม่ เก็บที่นั่งไว้"]))
    signups["somchai"].refresh_from_db()
    assert signups["somchai"].status == SignupStatus.CONFIRMED


def test_a_second_tap_an_hour_later_changes_nothing(client, line_platform, seats, monkeypatch):
    _event, _people, uids, signups = seats
    remind(signups["somchai"])
    question = tap(client, line_platform, uids["somchai"], buttons(line_platform, uids["somchai"])["ยกเลิก"])
    yes = reply_buttons(question)["ใช่ ยกเลิกเลย"]
    an_hour_later = signing.time.time() + 3600
    monkeypatch.setattr(signing.time, "time", lambda: an_hour_later)
    assert "หมดเวลา" in said(tap(client, line_platform, uids["somchai"], yes))
    signups["somchai"].refresh_from_db()
    assert signups["somchai"].status == SignupStatus.CONFIRMED


def test_a_forwarded_button_acts_for_nobody(client, line_platform, seats):
    _event, _people, uids, signups = seats
    remind(signups["somchai"])
    question = tap(client, line_platform, uids["somchai"], buttons(line_platform, uids["somchai"])["ยกเลิก"])
    yes = reply_buttons(question)["ใช่ ยกเลิกเลย"]
    attend = buttons(line_platform, uids["somchai"])["ยืนยันว่าจะไป"]
    for stranger in (uids["somsri"], "U" + "f" * 32):  # someone on the portal, and someone unknown
        for data in (yes, attend):
            assert "ไม่ใช่ของคุณ" in said(tap(client, line_platform, stranger, data))
    signups["somchai"].refresh_from_db()
    assert signups["somchai"].status == SignupStatus.CONFIRMED and not signups["somchai"].attendance_confirmed_at


@pytest.mark.parametrize("forge", ["another id", "another salt", "garbage", "another prefix"])
def test_altered_button_data_changes_nothing(client, line_platform, seats, forge):
    _event, people, uids, signups = seats
    remind(signups["somchai"])
    data = buttons(line_platform, uids["somchai"])["ยกเลิก"]
    _payload, stamp, signature = data.removeprefix("signup:").split(":")
    forged = {
        "another id": "signup:"
        + ":".join(
            [
                signing.b64_encode(
                    json.dumps([signups["somsri"].pk, "cancel!", people["somsri"].pk], separators=(",", ":")).encode()
                ).decode(),
                stamp,
                signature,
            ]
        ),
        "another salt": "signup:" + signing.dumps([signups["somchai"].pk, "cancel!", people["somchai"].pk]),
        "garbage": "signup:not-signed-at-all",
        "another prefix": "evil:" + data.removeprefix("signup:"),
    }[forge]
    answer = said(tap(client, line_platform, uids["somchai"], forged))
    assert "อ่านปุ่มนี้ไม่ได้" in answer
    for signup in signups.values():
        signup.refresh_from_db()
    assert [signup.status for signup in signups.values()] == [
        SignupStatus.CONFIRMED,
        SignupStatus.WAITLISTED,
        SignupStatus.WAITLISTED,
    ]


@pytest.mark.parametrize("stale", ["event over", "event cancelled", "already cancelled"])
def test_stale_buttons_get_a_clear_reply_and_change_nothing(client, line_platform, seats, stale):
    event, people, uids, signups = seats
    remind(signups["somchai"])
    attend = buttons(line_platform, uids["somchai"])["ยืนยันว่าจะไป"]
    if stale == "event over":
        event.starts_at, event.ends_at = (
            timezone.now() - datetime.timedelta(hours=8),
            timezone.now() - datetime.timedelta(hours=1),
        )
        event.save()
        expected = "จบไปแล้ว"
    elif stale == "event cancelled":
        event.status = EventStatus.CANCELLED
        event.save()
        expected = "ถูกยกเลิก"
    else:
        services.cancel(signups["somchai"], by=people["somchai"])
        expected = "ยกเลิกแล้ว"
    assert expected in said(tap(client, line_platform, uids["somchai"], attend))
    signups["somchai"].refresh_from_db()
    assert signups["somchai"].attendance_confirmed_at is None


def test_past_the_cancellation_deadline_the_reply_says_so(client, line_platform, seats):
    event, _people, uids, signups = seats
    remind(signups["somchai"])
    question = tap(client, line_platform, uids["somchai"], buttons(line_platform, uids["somchai"])["ยกเลิก"])
    event.cancellation_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    assert "เลยกำหนด" in said(tap(client, line_platform, uids["somchai"], reply_buttons(question)["ใช่ ยกเลิกเลย"]))
    signups["somchai"].refresh_from_db()
    assert signups["somchai"].status == SignupStatus.CONFIRMED


def test_the_waitlist_message_asks_still_waiting_or_stop(client, line_platform, seats):
    _event, _people, uids, signups = seats
    waiting = buttons(line_platform, uids["somsak"])
    assert set(waiting) == {"ยังรออยู่", "ไม่รอแล้ว"}
    assert "ลำดับที่ 2" in said(tap(client, line_platform, uids["somsak"], waiting["ยังรออยู่"]))
    question = tap(client, line_platform, uids["somsak"], waiting["ไม่รอแล้ว"])
    assert "ออกจากรายชื่อสำรอง" in said(question)
    assert "ยังอยู่ในรายชื่อสำรอง" in said(tap(client, line_platform, uids["somsak"], reply_buttons(question)["ไม่ ยังรอต่อ"]))
    question = tap(client, line_platform, uids["somsak"], waiting["ไม่รอแล้ว"])
    assert "ไม่ได้รอ" in said(tap(client, line_platform, uids["somsak"], reply_buttons(question)["ใช่ ไม่รอแล้ว"]))
    signups["somsak"].refresh_from_db()
    signups["somchai"].refresh_from_db()
    assert signups["somsak"].status == SignupStatus.CANCELLED and signups["somchai"].status == SignupStatus.CONFIRMED


def test_stop_waiting_after_a_seat_came_keeps_the_seat(client, line_platform, seats):
    _event, people, uids, signups = seats
    stop = buttons(line_platform, uids["somsri"])["ไม่รอแล้ว"]
    question = tap(client, line_platform, uids["somsri"], stop)
    services.cancel(signups["somchai"], by=people["somchai"])  # somsri is promoted meanwhile
    answer = said(tap(client, line_platform, uids["somsri"], reply_buttons(question)["ใช่ ไม่รอแล้ว"]))
    assert "ที่นั่งเป็นของคุณ" in answer
    signups["somsri"].refresh_from_db()
    assert signups["somsri"].status == SignupStatus.CONFIRMED


def test_every_answer_is_in_the_persons_language(client, line_platform, seats):
    _event, people, uids, signups = seats
    for person in people.values():
        person.profile.preferred_language = "en"
        person.profile.save()
    remind(signups["somchai"])
    labels = buttons(line_platform, uids["somchai"])
    assert set(labels) == {"I'll be there", "Cancel"}
    assert "Thank you" in said(tap(client, line_platform, uids["somchai"], labels["I'll be there"]))
    question = tap(client, line_platform, uids["somchai"], labels["Cancel"])
    assert set(reply_buttons(question)) == {"Yes, cancel", "No, keep my seat"}
    assert "is cancelled" in said(tap(client, line_platform, uids["somchai"], reply_buttons(question)["Yes, cancel"]))
    assert "not yours" in said(tap(client, line_platform, uids["somsri"], labels["I'll be there"]))

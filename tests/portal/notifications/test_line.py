"""LINE pushes against the local fake: the request's shape, and what we do with each answer."""

import uuid

import pytest
from django.utils import timezone

from portal.events import services
from portal.notifications import ledger, quiet_hours
from portal.notifications.models import ChannelStatus, Delivery, DeliveryStatus
from tests.fakes.line_messaging import PUSH_PATH, TEST_ACCESS_TOKEN, push_request_errors
from tests.notification_helpers import link_line


def _line_rows(user):
    return Delivery.objects.filter(recipient=user, channel="line").order_by("pk")


def _noon():
    return timezone.localtime().replace(hour=12, minute=0)  # Bangkok: no quiet hours


def _deliver(rows, now=None):
    return ledger.deliver([row.pk for row in rows], now=now or _noon())


@pytest.mark.django_db
def test_the_push_request_has_lines_shape(event, make_volunteer, line_fake):
    somchai = make_volunteer("somchai")
    uid = link_line(somchai)
    services.sign_up(somchai, event)
    [row] = _line_rows(somchai)
    _deliver([row])

    [push] = line_fake.requests
    assert push.path == PUSH_PATH
    assert push.headers["authorization"] == f"Bearer {TEST_ACCESS_TOKEN}"
    assert uuid.UUID(push.retry_key) == row.key
    assert push_request_errors(push.body) == []
    assert push.body["to"] == uid
    [message] = push.body["messages"]
    assert message["type"] == "flex" and event.title in message["altText"]
    [button] = message["contents"]["footer"]["contents"]
    assert button["action"] == {
        "type": "uri",
        "label": button["action"]["label"],
        "uri": f"http://127.0.0.1:8000/events/{event.pk}/",
    }
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and row.address == uid


@pytest.mark.django_db
def test_200_400_429_500_in_turn(event, make_event, make_volunteer, line_fake, settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 30
    people = [make_volunteer(f"p{n}") for n in range(4)]
    for person in people:
        link_line(person)
        services.sign_up(person, make_event())
    rows = [_line_rows(person).get() for person in people]
    line_fake.answer(200, 400, 429, 500, retry_after=120)
    now = _noon()
    _deliver(rows, now)
    sent, refused, limited, broken = (Delivery.objects.get(pk=row.pk) for row in rows)

    assert sent.status == DeliveryStatus.SENT
    # 400: the volunteer blocked the Official Account — their LINE is switched off, no retry.
    assert refused.status == DeliveryStatus.FAILED and "Failed to send messages" in refused.last_error
    assert ChannelStatus.objects.get(user=people[1], channel="line").active is False
    # 429 with Retry-After: tried again no earlier than LINE asked.
    assert limited.status == DeliveryStatus.PENDING and limited.attempts == 1
    assert (limited.not_before - now).total_seconds() == 120
    # 500: tried again after the backoff.
    assert broken.status == DeliveryStatus.PENDING and (broken.not_before - now).total_seconds() == 30

    assert not ledger.due(now).filter(channel="line").exists(), "nothing is due before its time"
    later = now + timezone.timedelta(seconds=121)
    _deliver(rows, later)
    assert [Delivery.objects.get(pk=row.pk).status for row in rows] == [
        DeliveryStatus.SENT,
        DeliveryStatus.FAILED,
        DeliveryStatus.SENT,
        DeliveryStatus.SENT,
    ]
    assert len(line_fake.delivered) == 3 and line_fake.duplicates() == {}

    # The blocked volunteer's next message is not even tried on LINE.
    services.sign_up(people[1], make_event())
    newest = _line_rows(people[1]).last()
    assert newest.status == DeliveryStatus.SKIPPED
    assert len(line_fake.requests) == 6


@pytest.mark.django_db
def test_a_retried_push_that_line_already_accepted_counts_as_sent(event, make_volunteer, line_fake):
    somchai = make_volunteer("somchai")
    link_line(somchai)
    services.sign_up(somchai, event)
    [row] = _line_rows(somchai)
    _deliver([row])
    # As if the worker had died after LINE accepted the push but before the row was marked sent.
    Delivery.objects.filter(pk=row.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=_noon() - timezone.timedelta(hours=1)
    )
    _deliver([row])
    assert [push.status for push in line_fake.requests] == [200, 409]
    assert Delivery.objects.get(pk=row.pk).status == DeliveryStatus.SENT
    assert len(line_fake.delivered) == 1


@pytest.mark.django_db
def test_line_is_off_cleanly_without_a_token(event, make_volunteer, settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    somchai = make_volunteer("somchai")
    link_line(somchai)
    services.sign_up(somchai, event)
    assert not _line_rows(somchai).exists()
    assert Delivery.objects.filter(recipient=somchai, channel="email", status=DeliveryStatus.PENDING).count() == 1


@pytest.mark.django_db
def test_no_line_without_consent_or_with_line_switched_off(event, make_event, make_volunteer, line_fake):
    from allauth.socialaccount.models import SocialAccount

    somchai = make_volunteer("somchai")
    SocialAccount.objects.create(user=somchai, provider="line", uid="U" + "1" * 32, extra_data={})
    services.sign_up(somchai, event)
    assert _line_rows(somchai).get().status == DeliveryStatus.SKIPPED, "no consent to LINE messages"
    link_somsri = make_volunteer("somsri")
    link_line(link_somsri)
    link_somsri.profile.notify_by_line = False
    link_somsri.profile.save()
    services.sign_up(link_somsri, event)
    assert _line_rows(link_somsri).get().status == DeliveryStatus.SKIPPED


def test_quiet_hours_follow_the_setting(settings):
    late_evening = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    assert quiet_hours.quiet_until(late_evening) == (late_evening + timezone.timedelta(days=1)).replace(
        hour=7, minute=0
    )
    settings.NOTIFICATIONS_QUIET_HOURS = "22:00-06:00"
    assert quiet_hours.quiet_until(late_evening.replace(hour=21, minute=30)) is None
    settings.NOTIFICATIONS_QUIET_HOURS = ""
    assert quiet_hours.quiet_until(late_evening) is None


def test_answer_buttons_keep_within_lines_limits():
    from portal.notifications.channels import LineChannel

    content = {
        "title": "ทดสอบ",
        "subject": "ทดสอบ",
        "paragraphs": ["ข้อความ"],
        "button": {"label": "ดูรายละเอียดกิจกรรมทั้งหมดของเรา", "url": "http://127.0.0.1:8000/events/1/"},
        "actions": [{"label": f"คำตอบที่ยาวมากเกินกว่ายี่สิบตัวอักษร {n}", "data": f"signup:{n}"} for n in range(5)]
        + [{"label": "ยาวเกิน", "data": "x" * 301}],
    }
    [message] = LineChannel().message_objects(content)
    footer = message["contents"]["footer"]["contents"]
    assert len(footer) == 4
    assert all(len(button["action"]["label"]) <= 20 for button in footer)
    assert all(button["action"]["type"] == "postback" and len(button["action"]["data"]) <= 300 for button in footer)
    assert push_request_errors({"to": "U" + "1" * 32, "messages": [message]}) == []
    assert LineChannel().message_objects({"title": "a", "paragraphs": ["b"]}) == [{"type": "text", "text": "a\n\nb"}]


@pytest.mark.django_db
def test_with_liff_a_pushs_links_open_the_portal_inside_line_logged_in(event, make_volunteer, line_fake, settings):
    settings.LINE_LIFF_ID = "1657000000-AbCdEfGh"
    settings.LINE_LOGIN_CHANNEL_ID, settings.LINE_LOGIN_CHANNEL_SECRET = "1657000000", "0123456789abcdef" * 2
    somchai = make_volunteer("somchai")
    link_line(somchai)
    services.sign_up(somchai, event)
    _deliver(_line_rows(somchai))
    [push] = line_fake.delivered
    [button] = push.body["messages"][0]["contents"]["footer"]["contents"]
    assert button["action"]["uri"] == f"https://liff.line.me/1657000000-AbCdEfGh/events/{event.pk}/"
    email = Delivery.objects.get(recipient=somchai, channel="email")
    assert email.content["button"]["url"] == f"{settings.SITE_URL}/events/{event.pk}/", "e-mail links stay as they are"

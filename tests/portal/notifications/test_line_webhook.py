"""The LINE webhook against the fake LINE Platform: signed bodies shaped as LINE documents its
webhook events (tests/fakes/line_webhooks.py), replies checked by the fake Messaging API."""

import ast
import datetime
import json
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from portal.events import services
from portal.notifications import line_webhook
from portal.notifications.models import ChannelStatus, Delivery, DeliveryStatus, LineEventStatus, LineWebhookEvent
from tests.fakes import line_webhooks as webhooks
from tests.fakes.line_reading import texts, uris
from tests.notification_helpers import handle_webhook_events, link_line

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def reply_text(fake, event):
    [reply] = fake.replies_to(event["replyToken"])
    return " ".join(texts(reply.body["messages"]))


# --- the door: signature, shape, off ----------------------------------------------------------


def test_the_webhook_is_off_without_a_channel_secret(client, line_platform, settings):
    settings.LINE_CHANNEL_SECRET = ""
    assert webhooks.post(client, [webhooks.unfollow("U" + "1" * 32)]).status_code == 404
    assert not LineWebhookEvent.objects.exists()


@pytest.mark.parametrize("case", ["missing", "another secret", "body changed", "empty", "not base64", "not ascii"])
def test_a_bad_or_missing_signature_is_401_and_changes_nothing(client, line_platform, make_volunteer, case):
    somchai = make_volunteer("somchai")
    uid = link_line(somchai)
    raw = webhooks.body([webhooks.unfollow(uid)])
    headers = {
        "missing": {},
        "another secret": {"HTTP_X_LINE_SIGNATURE": webhooks.signature(raw, "0" * 32)},
        "body changed": {"HTTP_X_LINE_SIGNATURE": webhooks.signature(raw.replace(b"unfollow", b"follow"))},
        "empty": {"HTTP_X_LINE_SIGNATURE": ""},
        "not base64": {"HTTP_X_LINE_SIGNATURE": "!!!"},
        "not ascii": {"HTTP_X_LINE_SIGNATURE": "ลายเซ็น"},
    }[case]
    response = client.post("/line/webhook/", data=raw, content_type="application/json", **headers)
    assert response.status_code == 401
    assert not LineWebhookEvent.objects.exists()
    handle_webhook_events()
    assert not ChannelStatus.objects.filter(user=somchai).exists()


def test_the_signature_is_checked_before_the_body_is_read(client, line_platform):
    assert webhooks.post(client, [], raw=b"{not json", sign=False).status_code == 401
    assert webhooks.post(client, [], raw=b"{not json").status_code == 400
    assert webhooks.post(client, [], raw=b'{"events": {"a": 1}}').status_code == 400
    assert webhooks.post(client, [], raw=b"[]").status_code == 400


def test_lines_verify_request_and_events_without_an_id_are_answered_200(client, line_platform):
    assert webhooks.post(client, []).status_code == 200  # the console's "Verify" button
    broken = webhooks.unfollow("U" + "2" * 32)
    del broken["webhookEventId"]
    assert webhooks.post(client, [broken, "not an event"]).status_code == 200
    assert not LineWebhookEvent.objects.exists()


def test_get_is_not_allowed(client, line_platform):
    assert client.get("/line/webhook/").status_code == 405


# --- once per webhookEventId ------------------------------------------------------------------


def test_a_redelivered_event_is_a_no_op(client, line_platform, make_volunteer):
    uid = link_line(make_volunteer("somchai"))
    events = [webhooks.text(line_platform, uid, "สวัสดีครับ")]
    assert webhooks.post(client, events).status_code == 200
    assert handle_webhook_events() == 1
    assert webhooks.post(client, webhooks.redelivered(events)).status_code == 200
    assert webhooks.post(client, events).status_code == 200
    assert LineWebhookEvent.objects.count() == 1
    assert handle_webhook_events() == 0
    assert len(line_platform.replies) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_web_machines_receiving_the_same_event_at_once_record_it_once(monkeypatch):
    enqueued = []
    monkeypatch.setattr(line_webhook, "enqueue", enqueued.append)
    event = webhooks.unfollow("U" + "3" * 32)
    barrier, found = threading.Barrier(4), []

    def receive():
        try:
            barrier.wait()
            found.append(line_webhook.record([event]))
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(ids) for ids in found) == [0, 0, 0, 1]
    assert LineWebhookEvent.objects.filter(webhook_event_id=event["webhookEventId"]).count() == 1
    assert [len(ids) for ids in enqueued] == [1]


# --- what is kept: the event until it is handled, never what someone typed --------------------


def test_a_typed_message_gets_the_help_and_its_text_is_never_stored(client, line_platform, make_volunteer):
    somchai = make_volunteer("somchai")
    somchai.profile.preferred_language = "en"
    somchai.profile.save()
    uid = link_line(somchai)
    event = webhooks.text(line_platform, uid, "my phone number is 0812345678")
    webhooks.post(client, [event])
    row = LineWebhookEvent.objects.get()
    assert "0812345678" not in json.dumps(row.payload) and row.payload["message"] == {"type": "text"}
    handle_webhook_events()
    row.refresh_from_db()
    assert row.status == LineEventStatus.DONE and row.payload == {}
    text = reply_text(line_platform, event)
    assert "answer a reminder with its buttons" in text and "Messages typed here are not read" in text
    assert not Delivery.objects.filter(content__icontains="0812345678").exists()


def test_a_typed_message_from_someone_unlinked_is_answered_in_thai(client, line_platform):
    event = webhooks.text(line_platform, "U" + "4" * 32, "hello")
    webhooks.post(client, [event])
    handle_webhook_events()
    text = reply_text(line_platform, event)
    assert "ตอบการแจ้งเตือน" in text and "เชื่อมบัญชี LINE" in text


def test_events_nothing_is_done_with_are_recorded_as_handled(client, line_platform):
    join = webhooks.event("join", "U" + "5" * 32, line_platform.issue_reply_token())
    join["source"] = {"type": "group", "groupId": "C" + "1" * 32}
    unsend = webhooks.event("unsend", "U" + "5" * 32, unsend={"messageId": "1"})
    in_a_group = webhooks.text(line_platform, "U" + "5" * 32, "hi all")
    in_a_group["source"] = {"type": "group", "groupId": "C" + "1" * 32, "userId": "U" + "5" * 32}
    webhooks.post(client, [join, unsend, in_a_group])
    assert set(LineWebhookEvent.objects.values_list("kind", "status")) == {
        ("join", "done"),
        ("unsend", "done"),
        ("message", "pending"),
    }
    handle_webhook_events()
    assert line_platform.replies == [], "a group's chatter gets no help message"


# --- follow and unfollow: the person's LINE on and off ----------------------------------------


def test_unfollow_switches_the_persons_line_off_and_follow_on_again(client, line_platform, make_volunteer, make_event):
    somchai = make_volunteer("somchai")
    uid = link_line(somchai)
    webhooks.post(client, [webhooks.unfollow(uid)])
    handle_webhook_events()
    assert ChannelStatus.objects.get(user=somchai, channel="line").active is False
    services.sign_up(somchai, make_event())
    assert Delivery.objects.filter(recipient=somchai, channel="line").get().status == DeliveryStatus.SKIPPED

    follow = webhooks.follow(line_platform, uid)
    webhooks.post(client, [follow])
    handle_webhook_events()
    assert ChannelStatus.objects.get(user=somchai, channel="line").active is True
    assert line_platform.replies_to(follow["replyToken"]) == [], "someone we know gets no link-your-account reply"
    services.sign_up(somchai, make_event())
    assert Delivery.objects.filter(recipient=somchai, channel="line").latest("pk").status == DeliveryStatus.PENDING


def test_an_old_unfollow_delivered_late_does_not_switch_line_off(client, line_platform, make_volunteer):
    somchai = make_volunteer("somchai")
    uid = link_line(somchai)
    old = webhooks.unfollow(uid)
    old["timestamp"] -= 60_000
    webhooks.post(client, [webhooks.follow(line_platform, uid)])
    handle_webhook_events()
    webhooks.post(client, webhooks.redelivered([old]))
    handle_webhook_events()
    assert ChannelStatus.objects.get(user=somchai, channel="line").active is True


def test_a_follow_from_someone_unlinked_is_told_how_to_link(client, line_platform, settings):
    settings.LINE_LOGIN_CHANNEL_ID, settings.LINE_LOGIN_CHANNEL_SECRET = "1657000000", "0123456789abcdef" * 2
    follow = webhooks.follow(line_platform, "U" + "6" * 32)
    webhooks.post(client, [follow])
    handle_webhook_events()
    text = reply_text(line_platform, follow)
    assert "เชื่อม" in text and "link this LINE account" in text, "in Thai and in English"
    [reply] = line_platform.replies_to(follow["replyToken"])
    assert uris(reply.body) == [settings.SITE_URL + "/accounts/3rdparty/"]
    assert not ChannelStatus.objects.exists()


def test_without_line_login_the_unlinked_follower_gets_the_portal(client, line_platform, settings):
    settings.LINE_LOGIN_CHANNEL_ID = settings.LINE_LOGIN_CHANNEL_SECRET = ""
    follow = webhooks.follow(line_platform, "U" + "7" * 32)
    webhooks.post(client, [follow])
    handle_webhook_events()
    [reply] = line_platform.replies_to(follow["replyToken"])
    assert uris(reply.body) == [settings.SITE_URL + "/"]


# --- the task's bookkeeping -------------------------------------------------------------------


def test_a_failing_event_is_tried_again_then_given_up_and_the_others_are_handled(
    client, line_platform, make_volunteer, monkeypatch
):
    from portal.notifications import line_events

    def broken(event):
        raise RuntimeError("a bug")

    monkeypatch.setattr(line_events, "_registry", {**line_events._registry, "help": broken})
    uid = link_line(make_volunteer("somchai"))
    webhooks.post(client, [webhooks.text(line_platform, uid, "hi"), webhooks.unfollow(uid)])
    assert handle_webhook_events() == 1
    failing = LineWebhookEvent.objects.get(kind="message")
    assert failing.status == LineEventStatus.PENDING and "a bug" in failing.last_error
    for _ in range(line_webhook.MAX_ATTEMPTS):
        handle_webhook_events()
    failing.refresh_from_db()
    assert failing.status == LineEventStatus.FAILED and failing.payload == {}
    assert LineWebhookEvent.objects.get(kind="unfollow").status == LineEventStatus.DONE


def test_lost_events_are_enqueued_again_and_day_old_ones_given_up(client, line_platform, monkeypatch):
    enqueued = []
    monkeypatch.setattr(line_webhook, "enqueue", enqueued.append)
    webhooks.post(client, [webhooks.unfollow("U" + "8" * 32), webhooks.unfollow("U" + "9" * 32)])
    fresh, old = LineWebhookEvent.objects.order_by("pk")
    now = timezone.now()
    LineWebhookEvent.objects.filter(pk=old.pk).update(received_at=now - datetime.timedelta(days=2))
    assert line_webhook.dispatch_pending(now) == 0, "a moment old: its task is still on its way"
    assert line_webhook.dispatch_pending(now + datetime.timedelta(minutes=2)) == 1
    assert enqueued == [[fresh.pk]]
    old.refresh_from_db()
    assert old.status == LineEventStatus.FAILED


def test_handled_events_are_forgotten_with_the_delivery_log(client, line_platform, settings):
    webhooks.post(client, [webhooks.unfollow("U" + "a" * 32)])
    handle_webhook_events()
    later = timezone.now() + datetime.timedelta(days=settings.DELIVERY_LOG_RETENTION_DAYS + 1)
    assert line_webhook.forget_old_events(later) == 1
    assert not LineWebhookEvent.objects.exists()


# --- notifications knows no domain ------------------------------------------------------------


def test_the_line_modules_of_notifications_import_no_domain_app():
    for path in sorted((ROOT / "portal" / "notifications").glob("line_*.py")):
        tree = ast.parse(path.read_text())
        imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
        imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [name for name in imported if name.startswith(("portal.events", "portal.accounts", "cms"))], path

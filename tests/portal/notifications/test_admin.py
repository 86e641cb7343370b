"""The staff side: a coordinator writes to chosen sign-ups or sends an event's reminders now, both
through the ledger; staff see failures in the delivery log and retry them."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from portal.events import reminders_now, services
from portal.events.models import Programme
from portal.notifications import ledger
from portal.notifications.models import ChannelStatus, Delivery, DeliveryStatus
from tests.notification_helpers import link_line


@pytest.fixture
def coordinator(make_volunteer, programme):
    user = make_volunteer("wilai")
    user.groups.add(Group.objects.get(name="Coordinators"))
    programme.coordinators.add(user)
    return user


@pytest.fixture
def outsider(make_volunteer):
    """A coordinator, but of another programme."""
    user = make_volunteer("other")
    user.groups.add(Group.objects.get(name="Coordinators"))
    Programme.objects.create(name="โครงการอื่น", organisers="อบต.อื่น", fiscal_year=2569).coordinators.add(user)
    return user


@pytest.fixture
def signups(event, make_volunteer):
    return [services.sign_up(make_volunteer(name), event) for name in ("somchai", "somsri", "mana")]


def _deliver_all():
    ledger.deliver(list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)))


@pytest.mark.django_db
def test_a_coordinator_writes_to_chosen_sign_ups_once(client, coordinator, signups, django_capture_on_commit_callbacks):
    _deliver_all()
    mail.outbox.clear()
    client.force_login(coordinator)
    url = reverse("event_messages:compose")
    assert url == "/admin/notifications/compose/"
    chosen = signups[:2]
    page = client.get(url, {"signup": [s.pk for s in chosen]})
    assert page.status_code == 200
    token = page.context["form"]["token"].value()
    form = {
        "signup": [s.pk for s in chosen],
        "subject": "นัดรวมพล 07:30",
        "token": token,
        "channels": ["email"],
        "message": "กรุณามาถึงก่อนเวลา\n\nนำบัตรประชาชนมาด้วย",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    client.post(url, form)  # the same form sent twice
    _deliver_all()
    assert sorted(message.to[0] for message in mail.outbox) == ["somchai@example.org", "somsri@example.org"]
    assert "นำบัตรประชาชนมาด้วย" in mail.outbox[0].body and mail.outbox[0].subject == "นัดรวมพล 07:30"
    status = client.get(response["Location"])
    assert [row.status for row in status.context["rows"]] == ["sent", "sent"], "the coordinator sees them delivered"


@pytest.mark.django_db
def test_a_whole_event_by_its_id(client, coordinator, event, signups):
    services.cancel(signups[2], by=signups[2].user)
    client.force_login(coordinator)
    page = client.get(reverse("event_messages:compose"), {"event": event.pk})
    assert len(page.context["signups"]) == 2, "the active sign-ups only"


@pytest.mark.django_db
def test_a_coordinator_of_another_programme_is_refused(client, outsider, event, signups):
    client.force_login(outsider)
    assert client.get(reverse("event_messages:compose"), {"signup": [signups[0].pk]}).status_code == 403
    assert client.get(reverse("event_messages:compose"), {"event": event.pk}).status_code == 403
    send_now = reverse("event_messages:send_reminders", args=[event.pk])
    assert send_now == f"/admin/notifications/events/{event.pk}/send-reminders/"
    assert client.post(send_now).status_code == 403
    assert not Delivery.objects.filter(kind__in=["coordinator_message", "reminder"]).exists()


@pytest.mark.django_db
def test_send_reminders_now_from_the_events_listing(client, coordinator, event, signups):
    _deliver_all()
    mail.outbox.clear()
    client.force_login(coordinator)
    listing = client.get(reverse(event.snippet_viewset.get_url_name("list")))
    send_now = reverse("event_messages:send_reminders", args=[event.pk])
    assert send_now in listing.content.decode()
    confirm = client.get(send_now)
    assert confirm.status_code == 200 and confirm.context["to_remind"] == 2, "two seats: the third person waits"
    assert "ส่งการแจ้งเตือนด้วยมือครั้งล่าสุด" not in confirm.content.decode()
    response = client.post(send_now)
    assert response.status_code == 302
    _deliver_all()
    status = client.get(response["Location"])
    assert sorted(row.recipient.username for row in status.context["rows"]) == ["somchai", "somsri"]
    assert all(row.status == "sent" for row in status.context["rows"])
    assert sorted(message.to[0] for message in mail.outbox) == ["somchai@example.org", "somsri@example.org"]
    assert all(event.title in message.subject for message in mail.outbox)


@pytest.mark.django_db
def test_send_reminders_now_pressed_twice_sends_each_person_one_reminder(client, coordinator, event, signups):
    _deliver_all()
    mail.outbox.clear()
    client.force_login(coordinator)
    send_now = reverse("event_messages:send_reminders", args=[event.pk])
    client.post(send_now)
    client.post(send_now)
    _deliver_all()
    assert sorted(message.to[0] for message in mail.outbox) == ["somchai@example.org", "somsri@example.org"]
    page = client.get(send_now).content.decode()
    assert "ส่งการแจ้งเตือนด้วยมือครั้งล่าสุดเมื่อ" in page and "2 คน" in page, "it says when and to how many"
    assert page.count("disabled") >= 1 and "ไม่มีใครเหลือให้เตือน" in page
    again = client.post(send_now, follow=True)
    assert "ได้รับการแจ้งเตือนแล้ว" in again.content.decode()

    services.cancel(signups[0], by=signups[0].user)  # the person waiting takes the seat
    client.post(send_now)
    reminded = Delivery.objects.filter(kind="reminder", channel="email").values_list("recipient__username", flat=True)
    assert sorted(reminded) == ["mana", "somchai", "somsri"], "only the newly confirmed person is reminded again"


@pytest.mark.django_db
def test_an_event_moved_to_a_new_time_may_be_reminded_of_again(event, signups):
    assert reminders_now.send_now(event) == 2
    assert reminders_now.send_now(event) == 0
    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    event.save()
    assert reminders_now.send_now(event) == 2


@pytest.mark.django_db
def test_the_delivery_log_shows_failures_and_retries_them(admin_client, event, make_volunteer, line_fake, settings):
    settings.NOTIFICATIONS_QUIET_HOURS = ""  # sent at once, whatever the hour the suite runs
    somchai = make_volunteer("somchai")
    link_line(somchai)
    services.sign_up(somchai, event)
    line_fake.answer(400)
    _deliver_all()
    failed = Delivery.objects.get(recipient=somchai, channel="line")
    assert failed.status == DeliveryStatus.FAILED

    log = admin_client.get(reverse("delivery_log:index"), {"status": "failed", "channel": "line"})
    assert log.status_code == 200
    assert list(log.context["object_list"]) == [failed]
    assert admin_client.get(reverse("delivery_log:index"), {"kind": "signup_confirmed"}).status_code == 200
    retry = reverse("delivery_log:retry", args=[failed.pk])
    assert retry in log.content.decode()

    admin_client.post(retry)
    assert not ChannelStatus.objects.filter(user=somchai).exists(), "the volunteer's LINE is on again"
    _deliver_all()
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT
    assert len(line_fake.delivered) == 1


@pytest.mark.django_db
def test_coordinators_cannot_retry(client, coordinator, event, signups):
    client.force_login(coordinator)
    row = Delivery.objects.first()
    assert client.post(reverse("delivery_log:retry", args=[row.pk])).status_code == 403

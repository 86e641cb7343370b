"""Messages are checked when the worker is about to send them, not only when they were recorded: a
reminder, a coordinator's message, a thank-you or an event's change that waited (quiet hours, a
retry) is skipped, never sent, once the sign-up it concerns is no longer active; and a person who
registers and cancels over and over gets one message for the whole burst, not a stream."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from portal.accounts.guardians import give_guardian_consent, request_guardian_consent
from portal.events import admin_messages, notices, services
from portal.events.models import Signup
from portal.events.tasks import queue_due_reminders
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from tests.factories import EventFactory
from tests.notification_helpers import bangkok, link_line

START = bangkok(2026, 12, 20, 9, 0)
NOT_ACTIVE = "The sign-up is no longer active."


@pytest.fixture
def training(make_event):
    return make_event(
        capacity=1,
        starts_at=START,
        registration_opens_at=START - datetime.timedelta(days=30),
        cancellation_deadline=START,
    )


def _pending():
    return list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True))


def _sign_up(user, event, at):
    signup = services.sign_up(user, event)
    Signup.objects.filter(pk=signup.pk).update(created_at=at, status_changed_at=at)
    ledger.deliver(_pending(), now=at)
    return signup


def test_a_reminder_held_back_by_quiet_hours_is_not_sent_after_the_person_cancels(
    client, staff, training, make_volunteer, line_fake
):
    somchai = make_volunteer("somchai")
    uid = link_line(somchai)
    signup = _sign_up(somchai, training, at=START - datetime.timedelta(days=10))
    line_fake.delivered.clear()
    training.reminder_schedule = "60h"  # 21:00 on 17 Dec: LINE waits for the morning
    training.save()
    night = bangkok(2026, 12, 17, 21, 0)
    assert queue_due_reminders(now=night) == 1
    ledger.deliver(_pending(), now=night)
    held = Delivery.objects.get(recipient=somchai, kind="reminder", channel="line")
    assert held.status == DeliveryStatus.PENDING

    services.cancel(signup, by=somchai)
    ledger.deliver([held.pk], now=bangkok(2026, 12, 18, 7, 0))

    held.refresh_from_db()
    assert (held.status, held.last_error) == (DeliveryStatus.SKIPPED, NOT_ACTIVE)
    assert [push for push in line_fake.delivered_to(uid) if "แจ้งเตือน" in push.body["messages"][0]["altText"]] == []
    # The delivery log says why.
    client.force_login(staff["admin"])
    log = client.get("/admin/notifications/deliveries/", {"status": "skipped"}).content.decode()
    with translation.override("th"):
        assert translation.gettext(NOT_ACTIVE) in log


def test_a_coordinators_message_goes_only_to_active_sign_ups_when_chosen_and_when_sent(
    client, staff, ours, make_signup
):
    event = EventFactory(programme=ours, title="อบรมนวัตกร")
    stays, leaves, left = (make_signup(event, name) for name in ("stays", "leaves", "left"))
    services.cancel(left, by=left.user)
    client.force_login(staff["coordinator"])
    ids = [stays.pk, leaves.pk, left.pk]
    page = client.get("/admin/notifications/compose/", {"signup": ids}).content.decode()
    assert "สมชาย left" not in page, "who cancelled is not among the recipients"
    assert [signup.pk for signup in admin_messages.audience(staff["coordinator"], ids)] == [stays.pk, leaves.pk]

    notices.coordinator_message(
        admin_messages.audience(staff["coordinator"], ids), "เปลี่ยนห้อง", "ย้ายไปห้องประชุมใหญ่", ["email"], "token-1"
    )
    services.cancel(leaves, by=leaves.user)  # before the worker gets to it
    mail.outbox.clear()
    ledger.deliver(list(Delivery.objects.filter(kind="coordinator_message").values_list("pk", flat=True)))
    assert [message.to for message in mail.outbox] == [["stays@example.org"]]
    skipped = Delivery.objects.get(kind="coordinator_message", recipient=leaves.user)
    assert (skipped.status, skipped.last_error) == (DeliveryStatus.SKIPPED, NOT_ACTIVE)
    assert not Delivery.objects.filter(kind="coordinator_message", recipient=left.user).exists()


def test_a_thank_you_is_not_sent_for_a_check_in_that_was_undone(make_event, make_volunteer):
    start = timezone.now() - datetime.timedelta(hours=5)
    event = make_event(
        starts_at=start,
        registration_opens_at=start - datetime.timedelta(days=5),
        registration_closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    signup, _ = services.check_in(services.sign_up(make_volunteer("came"), event), by=None)
    assert queue_due_reminders(now=event.ends_at + datetime.timedelta(hours=1)) == 1
    services.undo_check_in(signup, by=None)
    ledger.deliver(_pending())
    thanks = Delivery.objects.get(kind="thank_you")
    assert thanks.status == DeliveryStatus.SKIPPED and "no certificate" in thanks.last_error
    assert not [message for message in mail.outbox if "ขอบคุณ" in message.subject]


def test_an_events_change_is_not_sent_to_someone_who_cancelled_meanwhile(training, make_volunteer, line_fake):
    somchai = make_volunteer("somchai")
    link_line(somchai)
    signup = _sign_up(somchai, training, at=START - datetime.timedelta(days=10))
    training.place_name = "วัดด่านแม่ละเมา"
    training.save()
    changed = Delivery.objects.get(recipient=somchai, kind="event_changed", channel="line")
    services.cancel(signup, by=somchai)
    ledger.deliver([changed.pk], now=bangkok(2026, 12, 10, 12, 0))
    changed.refresh_from_db()
    assert changed.status == DeliveryStatus.SKIPPED


def test_a_change_held_back_by_quiet_hours_is_replaced_by_the_later_one(training, make_volunteer, line_fake):
    somchai = make_volunteer("somchai")
    uid = link_line(somchai)
    signup = services.sign_up(somchai, training)
    services.cancel(signup, by=somchai)
    rows = Delivery.objects.filter(recipient=somchai, channel="line").order_by("pk")
    assert [row.kind for row in rows] == ["signup_confirmed", "signup_cancelled"]
    morning = _next_ten_in_the_morning()
    ledger.deliver([row.pk for row in rows], now=morning)
    statuses = {row.kind: row.status for row in rows.all()}
    assert statuses == {"signup_confirmed": DeliveryStatus.SKIPPED, "signup_cancelled": DeliveryStatus.SENT}
    assert len(line_fake.delivered_to(uid)) == 1


def _next_ten_in_the_morning():
    bangkok = timezone.localtime(timezone.now())
    return (bangkok + datetime.timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)


def _sent_emails(user):
    return Delivery.objects.filter(recipient=user, channel="email", status=DeliveryStatus.SENT).count()


def test_registering_and_cancelling_over_and_over_sends_no_stream_of_messages(training, make_volunteer):
    flapper, first_waiting = make_volunteer("flapper"), make_volunteer("waiting")
    child = make_volunteer("child", born=datetime.date.today() - datetime.timedelta(days=15 * 365))
    give_guardian_consent(
        request_guardian_consent(child.profile, "นางแม่ ใจดี", "มารดา", "0898765432", "mother@example.org"), "นางแม่ ใจดี"
    )
    services.sign_up(first_waiting, training)  # the one seat is taken: the others wait

    def worker():  # delivers what is due, as soon as it is recorded
        ledger.deliver(_pending(), now=timezone.now())

    for person in (flapper, child):
        for _ in range(10):
            signup = services.sign_up(person, training)
            worker()
            services.cancel(signup, by=person)
            worker()
        services.sign_up(person, training)
        worker()
    now = timezone.now()
    assert _sent_emails(flapper) == 2, "registering, then cancelling, are told at once; the rest are held back"
    guardian = Delivery.objects.filter(kind="guardian_notice", address="mother@example.org")
    assert guardian.filter(status=DeliveryStatus.SENT).count() == 1

    for hours in (1, 3, 7):  # the worker keeps delivering what falls due
        ledger.deliver(_pending(), now=now + datetime.timedelta(hours=hours))
    assert _sent_emails(flapper) == 3, "then one message: how the burst ended"
    last = Delivery.objects.filter(recipient=flapper, channel="email", status=DeliveryStatus.SENT).last()
    assert last.kind == "signup_waitlisted"
    assert guardian.filter(status=DeliveryStatus.SENT).count() == 2
    assert Delivery.objects.filter(recipient=flapper, status=DeliveryStatus.PENDING).count() == 0


def test_a_burst_of_changes_holds_back_only_the_persons_own_messages(training, make_volunteer):
    seated, waiting = make_volunteer("seated"), make_volunteer("waiting")
    taken = services.sign_up(seated, training)
    services.sign_up(waiting, training)
    services.cancel(taken, by=seated)  # promotes `waiting`
    promoted = Delivery.objects.get(recipient=waiting, kind="signup_promoted", channel="email")
    assert promoted.not_before is None, "a freed seat is told at once"
    assert notices.held_until(taken.changes.last()) is None, "registering and then cancelling is no burst"
    again = services.sign_up(seated, training)
    assert notices.held_until(again.changes.last()) is not None, "the person's own third change waits"

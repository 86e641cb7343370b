"""What each change tells whom: the messages events composes and the ledger records."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.accounts.guardians import give_guardian_consent, request_guardian_consent
from portal.events import notices, services
from portal.events.tasks import queue_due_reminders
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus


def _deliver_all(now=None):
    ledger.deliver(list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)), now=now)


def _kinds(user):
    return list(Delivery.objects.filter(recipient=user, channel="email").order_by("pk").values_list("kind", flat=True))


@pytest.mark.django_db
def test_every_step_of_a_sign_up_is_told(make_event, make_volunteer):
    event = make_event(capacity=1)
    first, second = make_volunteer("first"), make_volunteer("second")
    taken = services.sign_up(first, event)
    services.sign_up(second, event)
    services.cancel(taken, by=first)
    assert _kinds(first) == ["signup_confirmed", "signup_cancelled"]
    assert _kinds(second) == ["signup_waitlisted", "signup_promoted"]
    waitlisted = Delivery.objects.get(recipient=second, kind="signup_waitlisted", channel="email")
    assert "ลำดับสำรองที่ 1" in " ".join(waitlisted.content["paragraphs"]), "in Thai, the default, with the position"

    approval = make_event(requires_approval=True)
    pending = services.sign_up(first, approval)
    services.approve(pending, by=None)
    rejected = services.sign_up(second, approval)
    services.reject(rejected, by=None)
    assert _kinds(first)[-2:] == ["signup_pending", "signup_approved"]
    assert _kinds(second)[-2:] == ["signup_pending", "signup_rejected"]


@pytest.mark.django_db
def test_an_email_has_both_parts_the_branding_and_the_calendar_file(event, make_volunteer):
    somchai = make_volunteer("somchai")
    services.sign_up(somchai, event)
    _deliver_all()
    [email] = mail.outbox
    html = email.alternatives[0][0]
    assert "พอร์ทัลอาสาสมัคร" in html and event.title in html and f"/events/{event.pk}/" in html
    assert event.title in email.body and f"/events/{event.pk}/" in email.body
    assert email.attachments[0].get_filename() == "event.ics"
    assert email.extra_headers["X-Delivery-Key"] == str(Delivery.objects.get(recipient=somchai, channel="email").key)


@pytest.mark.django_db
def test_english_speakers_get_english(event, make_volunteer):
    john = make_volunteer("john")
    john.profile.preferred_language = "en"
    john.profile.save()
    services.sign_up(john, event)
    _deliver_all()
    [email] = mail.outbox
    assert email.subject.startswith("You are registered:")
    assert f"/en/events/{event.pk}/" in email.body, "the button opens the English page"


@pytest.mark.django_db
def test_optional_messages_can_be_unsubscribed_in_one_click(client, event, make_volunteer):
    somchai = make_volunteer("somchai")
    signup = services.sign_up(somchai, event)
    ledger.notify_many([notices.reminder(signup, "test")])
    _deliver_all()
    reminder = next(message for message in mail.outbox if "List-Unsubscribe" in message.extra_headers)
    url = reminder.extra_headers["List-Unsubscribe"].strip("<>")
    assert reminder.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in reminder.body
    path = url.replace("http://127.0.0.1:8000", "")
    assert client.get(path).status_code == 200
    somchai.profile.refresh_from_db()
    assert somchai.profile.notify_by_email, "opening the link changes nothing"
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    somchai.profile.refresh_from_db()
    assert not somchai.profile.notify_by_email
    assert client.get(path.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 404

    # Reminders stop; what concerns their own registration still comes.
    ledger.notify_many([notices.reminder(signup, "again")])
    assert Delivery.objects.get(recipient=somchai, occasion="again").status == DeliveryStatus.SKIPPED
    services.cancel(signup, by=somchai)
    assert Delivery.objects.get(recipient=somchai, kind="signup_cancelled").status == DeliveryStatus.PENDING


@pytest.mark.django_db
def test_a_changed_place_and_a_cancelled_event_are_told(event, make_volunteer):
    somchai = make_volunteer("somchai")
    services.sign_up(somchai, event)
    event.place_name = "วัดด่านแม่ละเมา"
    event.save()
    changed = Delivery.objects.get(recipient=somchai, kind="event_changed", channel="email")
    [(_label, value)] = [detail for detail in changed.content["details"] if "วัดด่านแม่ละเมา" in detail[1]]
    assert "อบต.ด่านแม่ละเมา" in value, "the old place is named too"
    event.save()
    assert Delivery.objects.filter(recipient=somchai, kind="event_changed").count() == 1, "no change, no message"

    services.cancel_event(event, by=None)
    assert Delivery.objects.filter(recipient=somchai, kind="event_cancelled").count() == 1
    assert queue_due_reminders(now=event.starts_at - datetime.timedelta(hours=1)) == 0, "no reminders"


@pytest.mark.django_db
def test_a_thank_you_with_the_certificate_after_the_event(make_event, make_volunteer):
    start = timezone.now() - datetime.timedelta(hours=5)
    event = make_event(
        starts_at=start,
        registration_opens_at=start - datetime.timedelta(days=5),
        registration_closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    came, absent = make_volunteer("came"), make_volunteer("absent")
    services.check_in(services.sign_up(came, event), by=None)
    services.sign_up(absent, event)
    assert queue_due_reminders(now=event.ends_at) == 0, "not before the event has ended for an hour"
    assert queue_due_reminders(now=event.ends_at + datetime.timedelta(hours=1)) == 1
    assert queue_due_reminders(now=event.ends_at + datetime.timedelta(hours=2)) == 0, "once"
    thanks = Delivery.objects.get(recipient=came, kind="thank_you", channel="email")
    assert thanks.content["button"]["url"].endswith(reverse("events:certificate", args=[came.signups.get().pk]))
    assert not Delivery.objects.filter(recipient=absent, kind="thank_you").exists()


@pytest.mark.django_db
def test_the_guardian_of_a_minor_hears_of_the_sign_up(event, make_volunteer):
    child = make_volunteer("child", born=datetime.date.today() - datetime.timedelta(days=15 * 365))
    request = request_guardian_consent(child.profile, "นางแม่ ใจดี", "มารดา", "0898765432", "mother@example.org")
    give_guardian_consent(request, "นางแม่ ใจดี")
    services.sign_up(child, event)
    notice = Delivery.objects.get(recipient=child, kind="guardian_notice")
    assert notice.address == "mother@example.org" and notice.channel == "email"
    _deliver_all()
    [notice_mail] = [
        message for message in mail.outbox if message.to == ["mother@example.org"] and event.title in message.subject
    ]
    assert "สมชาย" not in notice_mail.subject and "สมชาย" in notice_mail.body  # no name a person typed in a subject


@pytest.mark.django_db
def test_reminders_sent_in_one_batch_each_carry_their_own_link_as_a_fresh_render_would(event, make_volunteer):
    from portal.notifications.channels import EMAIL_TEMPLATES, render
    from portal.notifications.unsubscribe import unsubscribe_url

    people = [make_volunteer("somchai"), make_volunteer("malee")]
    signups = [services.sign_up(person, event) for person in people]
    ledger.notify_many([notices.reminder(signup, "batch") for signup in signups])
    ledger.deliver(list(Delivery.objects.filter(occasion="batch").values_list("pk", flat=True)))
    assert len(mail.outbox) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    for person in people:
        email = by_address[person.email]
        row = Delivery.objects.get(recipient=person, occasion="batch", channel="email")
        link = unsubscribe_url(person.pk)
        assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
        text, html = (render(row.content, True, link, template) for template in EMAIL_TEMPLATES)
        assert email.body == text and email.alternatives[0][0] == html
        other = unsubscribe_url(next(someone for someone in people if someone != person).pk)
        assert other not in email.body and other not in html

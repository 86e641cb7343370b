"""The reference training runs over two days (in the demo, 08:00 on its first day to 16:00 on the
next): everywhere a person reads its date they read both days, through the one span formatter."""

import csv
import datetime
import io
import json
import re
import subprocess
import unicodedata

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from cms.models import AnnouncementPage
from portal.events import services
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from portal.thai.dates import format_span
from tests.notification_helpers import link_line

pytestmark = pytest.mark.django_db


def _legible(text):
    """pdftotext drops or moves the marks Sarabun draws above and below letters: compare without them."""
    return "".join(char for char in " ".join(text.replace("ำ", "า").split()) if unicodedata.category(char) != "Mn")


def _text(response):
    """A page's text as a person reads it: without its tags, its spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _pdf_text(pdf):
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


@pytest.fixture
def training(demo):
    return Event.objects.get(title=TRAINING_TITLE)


@pytest.fixture
def both_days(training):
    """The words for the training's days, in Thai: 'วันที่ ... – ...' of both days."""
    with translation.override("th"):
        return format_span(training.starts_at, training.ends_at, "long", times=False)


@pytest.fixture
def coordinator(training):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="coordinator")


@pytest.fixture
def attendee(training, make_volunteer, coordinator):
    """Registered, and checked in when the training starts."""
    person = make_volunteer("attendee")
    signup = services.sign_up(person, training)
    services.check_in(signup, by=coordinator, now=training.starts_at)
    signup.refresh_from_db()
    return signup


def test_the_demo_training_really_spans_two_days(training):
    start, end = timezone.localtime(training.starts_at), timezone.localtime(training.ends_at)
    assert (end.date() - start.date()).days == 1
    assert (start.hour, end.hour) == (8, 16)
    days = {timezone.localtime(activity.starts_at).date() for activity in training.activities.all()}
    assert days == {start.date(), end.date()}, "its activities are on both days"


def test_the_span_reads_as_the_thai_notices_write_it():
    bangkok = datetime.timezone(datetime.timedelta(hours=7))
    start = datetime.datetime(2026, 12, 31, 8, tzinfo=bangkok)
    with translation.override("th"):
        assert format_span(start, start.replace(hour=16)) == "วันพฤหัสบดีที่ 31 ธันวาคม พ.ศ. 2569 เวลา 08:00–16:00 น."
        assert format_span(start, datetime.datetime(2027, 1, 1, 16, tzinfo=bangkok)) == (
            "31 ธันวาคม พ.ศ. 2569 – 1 มกราคม พ.ศ. 2570 เวลา 08:00–16:00 น."
        )
    with translation.override("en"):
        assert format_span(start, datetime.datetime(2027, 1, 1, 16, tzinfo=bangkok)) == (
            "31 December 2026 – 1 January 2027, 08:00–16:00"
        )


def test_every_page_shows_both_days(client, training, both_days, attendee):
    announcement = AnnouncementPage.objects.get(
        slug="call-for-participants-social-innovators", locale__language_code="th"
    )
    pages = {
        "home": "/",
        "event list": "/events/",
        "event page": f"/events/{training.pk}/",
        "announcement's event card": announcement.url,
    }
    for name, url in pages.items():
        assert both_days in _text(client.get(url)), f"the {name} shows both days"
    client.force_login(attendee.user)
    assert both_days in _text(client.get("/events/mine/")), "My events shows both days"
    assert both_days in _text(client.get(f"/certificates/{attendee.certificate_code}/"))
    with translation.override("en"):
        english = format_span(training.starts_at, training.ends_at, "long", times=False)
    assert english in _text(client.get(f"/en/events/{training.pk}/"))


def test_the_certificate_the_sign_in_sheet_and_the_summary_show_both_days(
    client, training, both_days, attendee, coordinator
):
    client.force_login(attendee.user)
    certificate = _legible(_pdf_text(client.get(f"/events/signups/{attendee.pk}/certificate.pdf").content))
    assert _legible(both_days) in certificate
    with translation.override("th"):
        last_day = format_span(training.ends_at, training.ends_at, times=False)
    assert _legible(last_day) in certificate, "given on the event's last day, not before it took place"
    client.force_login(coordinator)
    for url in (
        reverse("exports:sign_in_sheet", args=[training.pk]),
        reverse("exports:summary", kwargs={"event_id": training.pk, "fmt": "pdf"}),
    ):
        assert _legible(both_days) in _legible(_pdf_text(client.get(url).content)), url


def test_the_messages_the_calendar_and_the_exports_give_both_days(
    client, training, make_volunteer, coordinator, line_fake
):
    person = make_volunteer("somchai")
    uid = link_line(person)
    services.sign_up(person, training)
    with translation.override("th"):
        span = format_span(training.starts_at, training.ends_at)
        short_days = format_span(training.starts_at, training.ends_at, "short", times=False)
    ledger.deliver(
        list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)),
        now=timezone.localtime().replace(hour=12),
    )
    [email] = mail.outbox
    assert span in email.body and span in email.alternatives[0][0]
    assert span in json.dumps(line_fake.delivered_to(uid)[0].body, ensure_ascii=False)

    reminder = services.notices.reminder(training.signups.get(user=person), "now")
    assert short_days in reminder.content["subject"] and span in json.dumps(reminder.content, ensure_ascii=False)

    entry = Calendar.from_ical(client.get(f"/events/{training.pk}/calendar.ics").content).walk("VEVENT")[0]
    assert span in str(entry["description"])

    client.force_login(coordinator)
    body = b"".join(
        client.get(reverse("exports:signups", kwargs={"fmt": "csv"}), {"event": training.pk}).streaming_content
    ).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))
    with translation.override("th"):
        cell = dict(zip(header, row))
        assert cell[translation.gettext("Event date (B.E.)")] == short_days
        assert cell[translation.gettext("Event's last day")] == timezone.localtime(training.ends_at).date().isoformat()
    dashboard = client.get("/admin/").content.decode()
    assert format_span(training.starts_at, training.ends_at, "short", language="th") in dashboard

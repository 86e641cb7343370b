"""Calendars are told of changes: every .ics the portal makes, read by vobject (not the icalendar
package we write with), carries a SEQUENCE that rises with each change, an iTIP METHOD where the
mail is an invitation (named on the e-mail part too), STATUS:CANCELLED on cancellation, and the
personal feed its name."""

import datetime

import pytest
import vobject
from django.core import mail

from portal.events import services
from portal.events.models import Event, EventStatus
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from tests.factories import EventFactory
from tests.portal.admin.event_form import save_event

pytestmark = pytest.mark.django_db


def _sent_calendars():
    """(the e-mail's subject, its text/calendar part, the part read by vobject) of every mail sent so far."""
    ledger.deliver(list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)))
    found = []
    for email in mail.outbox:
        for part in email.message().walk():
            if part.get_content_type() == "text/calendar":
                found.append((email.subject, part, vobject.readOne(part.get_payload(decode=True).decode())))
    mail.outbox.clear()
    return found


def _entry(calendar):
    [entry] = calendar.vevent_list
    return entry


def test_a_moved_then_cancelled_event_updates_and_then_takes_out_the_calendar_entry(client, staff, ours, make_signup):
    event = EventFactory(programme=ours, title="อบรมนวัตกร")
    signup = make_signup(event, "somchai")
    [(_subject, part, confirmed)] = _sent_calendars()
    assert part.get_param("method") == "REQUEST" and confirmed.method.value == "REQUEST"
    first = _entry(confirmed)
    assert int(first.sequence.value) == 0 and first.status.value == "CONFIRMED"
    assert first.organizer.value.startswith("mailto:")
    assert first.attendee.value == f"mailto:{signup.user.email}"

    later = event.starts_at + datetime.timedelta(days=2)
    edited = Event.objects.get(pk=event.pk)  # as the admin form holds it
    edited.starts_at, edited.ends_at = later, later + datetime.timedelta(hours=7)
    services.edit_event(
        edited, lambda: (edited.save(), edited)[1], edited.capacity, EventStatus.PUBLISHED, by=staff["coordinator"]
    )
    [(_subject, part, update)] = _sent_calendars()
    second = _entry(update)
    assert part.get_param("method") == "REQUEST" and update.method.value == "REQUEST"
    assert second.uid.value == first.uid.value
    assert int(second.sequence.value) > int(first.sequence.value)
    assert second.dtstart.value.replace(second=0) == later.replace(second=0, microsecond=0)

    client.force_login(staff["coordinator"])
    cancelled = save_event(client, event, status=EventStatus.CANCELLED)
    assert cancelled.status_code == 302, cancelled.context["form"].errors if cancelled.context else cancelled
    [(_subject, part, cancel)] = _sent_calendars()
    third = _entry(cancel)
    assert part.get_param("method") == "CANCEL" and cancel.method.value == "CANCEL"
    assert third.uid.value == first.uid.value and third.status.value == "CANCELLED"
    assert int(third.sequence.value) > int(second.sequence.value)
    event.refresh_from_db()
    assert event.calendar_sequence == int(third.sequence.value), "what the feed shows next is no older than the mail"


def test_a_person_who_gives_up_their_seat_is_sent_the_entry_to_take_out(make_event, make_volunteer):
    event = make_event()
    person = make_volunteer("somsri")
    signup = services.sign_up(person, event)
    [(_subject, _part, invitation)] = _sent_calendars()
    services.cancel(signup, by=person)
    [(_subject, part, cancel)] = _sent_calendars()
    assert part.get_param("method") == "CANCEL"
    assert _entry(cancel).uid.value == _entry(invitation).uid.value
    assert _entry(cancel).status.value == "CANCELLED"


def test_a_waitlisted_person_is_sent_no_calendar_file_and_no_withdrawal(make_event, make_volunteer):
    event = make_event(capacity=1)
    services.sign_up(make_volunteer("seated"), event)
    _sent_calendars()
    waiting = make_volunteer("waiting")
    signup = services.sign_up(waiting, event)
    services.cancel(signup, by=waiting)
    assert _sent_calendars() == []


def test_the_personal_feed_and_the_download_read_with_another_parser(client, make_event, make_volunteer):
    event = make_event(title="อบรมอาสาสมัคร")
    person = make_volunteer("planner")
    services.sign_up(person, event)
    client.force_login(person)
    feed_url = client.get("/events/mine/").context["feed_url"]
    feed = vobject.readOne(client.__class__().get(feed_url).content.decode())
    assert feed.contents["x-wr-calname"][0].value.startswith("กิจกรรมอาสาของฉัน")
    assert not hasattr(feed, "method"), "a feed is not an invitation"
    assert _entry(feed).summary.value == "อบรมอาสาสมัคร" and int(_entry(feed).sequence.value) == 0

    person.profile.preferred_language = "en"
    person.profile.save()
    feed = vobject.readOne(client.__class__().get(feed_url).content.decode())
    assert feed.contents["x-wr-calname"][0].value.startswith("My volunteer events")

    download = vobject.readOne(client.get(f"/events/{event.pk}/calendar.ics").content.decode())
    assert _entry(download).dtstart.value == event.starts_at.replace(microsecond=0)
    assert _entry(download).dtstart.value.utcoffset() == datetime.timedelta(hours=7)

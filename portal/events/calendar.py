"""iCalendar (RFC 5545) files for events and for a volunteer's personal feed, in Bangkok time.

A calendar app keeps one entry per UID and takes a file as news only when its SEQUENCE is higher
than the one it has (Event.calendar_sequence, raised by every change people would see in their
calendar, portal/events/event_changes.py). What a message attaches is an iTIP (RFC 5546) message:
METHOD:REQUEST puts the entry in or moves it, METHOD:CANCEL takes it out."""

import functools
import zoneinfo
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Timezone, vCalAddress
from icalendar import Event as CalendarEvent

from .models import EventStatus, SignupStatus

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
REQUEST, CANCEL = "REQUEST", "CANCEL"


@functools.cache
def _bangkok_vtimezone():
    """icalendar takes ~20 ms to work a VTIMEZONE out, and a sign-up's confirmation builds its
    calendar file while the event is locked: Bangkok's never changes, so once per process."""
    return Timezone.from_tzid("Asia/Bangkok")


def _status(event, signup, method):
    if method == CANCEL or event.status == EventStatus.CANCELLED:
        return "CANCELLED"
    if signup is not None and signup.status != SignupStatus.CONFIRMED:
        return "TENTATIVE"
    return "CONFIRMED"


def _add_invitation(entry, signup):
    """ORGANIZER and ATTENDEE, which an iTIP message must carry. The organiser is the portal's
    sending address; nobody is asked to answer (RSVP=FALSE): a seat is taken or given up on the portal."""
    organizer = vCalAddress("mailto:" + (parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@localhost"))
    organizer.params["CN"] = settings.WAGTAIL_SITE_NAME
    entry.add("organizer", organizer)
    if signup is not None and signup.user.email:
        attendee = vCalAddress("mailto:" + signup.user.email)
        attendee.params.update({"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE", "PARTSTAT": "ACCEPTED"})
        entry.add("attendee", attendee)


def for_events(request, events_and_signups, method=None, name=None):
    """A calendar with one entry per (event, sign-up or None). `method`: REQUEST or CANCEL for a
    file sent as an invitation, None for a download or a feed; `name`: a feed's calendar name."""
    calendar = Calendar()
    calendar.add("prodid", "-//Community volunteer portal//TH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Bangkok")
    calendar.add_component(_bangkok_vtimezone())
    host = request.get_host().split(":")[0]
    for event, signup in events_and_signups:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("sequence", event.calendar_sequence)
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", event.starts_at.astimezone(BANGKOK))
        entry.add("dtend", event.ends_at.astimezone(BANGKOK))
        entry.add("summary", event.display_title)
        entry.add("location", ", ".join(part for part in (event.place_name, event.area_display) if part))
        entry.add("url", request.build_absolute_uri(reverse("events:detail", args=[event.pk])))
        # The days in words too: a calendar shows a two-day event's start, not always both days.
        entry.add("description", "\n\n".join(part for part in (event.span_display, event.display_description) if part))
        entry.add("status", _status(event, signup, method))
        if method:
            _add_invitation(entry, signup)
        calendar.add_component(entry)
    return calendar.to_ical()

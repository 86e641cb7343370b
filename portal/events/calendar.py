"""iCalendar (RFC 5545) files for events and for a volunteer's personal feed, in Bangkok time."""

import functools
import zoneinfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from .models import SignupStatus

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


@functools.cache
def _bangkok_vtimezone():
    """icalendar takes ~20 ms to work a VTIMEZONE out, and a sign-up's confirmation builds its
    calendar file while the event is locked: Bangkok's never changes, so once per process."""
    return Timezone.from_tzid("Asia/Bangkok")


def for_events(request, events_and_signups):
    """A calendar with one entry per (event, sign-up or None)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Community volunteer portal//TH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", "Asia/Bangkok")
    calendar.add_component(_bangkok_vtimezone())
    host = request.get_host().split(":")[0]
    for event, signup in events_and_signups:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", event.starts_at.astimezone(BANGKOK))
        entry.add("dtend", event.ends_at.astimezone(BANGKOK))
        entry.add("summary", event.display_title)
        entry.add("location", ", ".join(part for part in (event.place_name, event.area_display) if part))
        entry.add("url", request.build_absolute_uri(reverse("events:detail", args=[event.pk])))
        # The days in words too: a calendar shows a two-day event's start, not always both days.
        entry.add("description", "\n\n".join(part for part in (event.span_display, event.display_description) if part))
        cancelled = event.status == "cancelled"
        tentative = signup is not None and signup.status != SignupStatus.CONFIRMED
        entry.add("status", "CANCELLED" if cancelled else "TENTATIVE" if tentative else "CONFIRMED")
        calendar.add_component(entry)
    return calendar.to_ical()


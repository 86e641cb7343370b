"""A coordinator's "send reminders now": one reminder to each confirmed person for the event as it
stands, however often the button is pressed. The occasion is the event's start, so the ledger's
one-row-per-occasion rule keeps a second press (or two coordinators at once) from sending again,
while someone confirmed since the first press gets theirs; an event moved to a new time may be
reminded of again."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from portal.notifications import ledger
from portal.notifications.models import Delivery

from . import notices
from .models import Signup, SignupStatus

PREFIX = "now@"


def occasion(event):
    return f"{PREFIX}{event.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%MZ}"


def _sent_by_hand(event):
    return Delivery.objects.filter(
        subject_type=ContentType.objects.get_for_model(Signup),
        kind="reminder",
        occasion__startswith=PREFIX,
        subject_id__in=event.signups.values("pk"),
    )


def last_sent(event):
    """(when, how many people) of the last reminders sent by hand for this event; (None, 0) if none."""
    rows = _sent_by_hand(event)
    newest = rows.order_by("-created_at").values("occasion", "created_at").first()
    if newest is None:
        return None, 0
    people = rows.filter(occasion=newest["occasion"]).aggregate(count=Count("recipient", distinct=True))["count"]
    return newest["created_at"], people


def still_to_remind(event):
    """The confirmed sign-ups that have not had this occasion's reminder."""
    return (
        event.signups.filter(status=SignupStatus.CONFIRMED)
        .exclude(ledger.already("reminder", Signup, occasion=occasion(event)))
        .select_related("user__profile", "event")
    )


def send_now(event):
    """Remind everyone confirmed who has not been reminded for this occasion. Returns how many."""
    key = occasion(event)
    due = list(still_to_remind(event))
    ledger.notify_many([notices.reminder(signup, key, optional=False) for signup in due])
    return len(due)

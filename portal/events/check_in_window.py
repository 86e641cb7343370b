"""When check-in is open, a rule of time rather than seats: services.check_in asks it under the
event's lock, and the check-in page asks it first to say that check-in is closed."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.thai.dates import format_date

from .models import EventStatus


def check_in_window(event):
    """(opens, closes): from CHECK_IN_OPENS_BEFORE minutes before the start until the end of the
    event's last day, Bangkok time."""
    opens = event.starts_at - datetime.timedelta(minutes=settings.CHECK_IN_OPENS_BEFORE)
    last_day = timezone.localtime(event.ends_at).date()
    closes = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time(0), tzinfo=timezone.get_current_timezone()
    )
    return opens, closes


def check_in_problem(event, now=None):
    """Why nobody can be checked in at `event` now, as a translated sentence; None when they can."""
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        return _("This event has been cancelled.")
    opens, closes = check_in_window(event)
    if now < opens:
        return _("Check-in opens on %(when)s.") % {"when": format_date(opens, "datetime")}
    if now >= closes:
        return _("Check-in closed at the end of the event's last day.")
    return None

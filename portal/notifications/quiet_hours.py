"""Quiet hours: no LINE push in the night (NOTIFICATIONS_QUIET_HOURS, Bangkok time), except on the
day of the event a message is about. The ledger defers such rows until the morning."""

import datetime
import zoneinfo

from django.conf import settings


def local_time(moment):
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))


def quiet_hours():
    """(from, until) in Bangkok time (NOTIFICATIONS_QUIET_HOURS, default 21:00–07:00); None: no quiet hours."""
    hours = getattr(settings, "NOTIFICATIONS_QUIET_HOURS", "21:00-07:00")
    if not hours:
        return None
    start, end = (datetime.time.fromisoformat(part.strip()) for part in hours.split("-"))
    return start, end


def quiet_until(now, exempt_on=None):
    """None outside quiet hours or on the exempt day; else when they end."""
    hours = quiet_hours()
    local = local_time(now)
    if hours is None or (exempt_on is not None and local.date() == exempt_on):
        return None
    quiet_from, quiet_until_time = hours
    if quiet_until_time <= local.time() < quiet_from:
        return None
    day = local.date() + datetime.timedelta(days=1) if local.time() >= quiet_from else local.date()
    return datetime.datetime.combine(day, quiet_until_time, tzinfo=local.tzinfo)

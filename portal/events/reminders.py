"""When an event's reminders go out: a schedule such as "3d, 1d, 07:00" (three days before, one
day before, and 07:00 Bangkok time on the day), kept on each event."""

import datetime
import re
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
DEFAULT_SCHEDULE = "3d, 1d, 07:00"
MAX_DAYS_BEFORE = 30
_CODE = re.compile(r"^(?:(?P<days>\d{1,2})d|(?P<hours>\d{1,3})h|(?P<clock>(?:[01]?\d|2[0-3]):[0-5]\d))$")


def parse(schedule):
    """The codes of a schedule, in its order: "3d", "1d", "2h", "07:00". Raises ValueError."""
    codes = []
    for part in (schedule or "").replace(";", ",").split(","):
        code = part.strip().lower()
        if not code:
            continue
        match = _CODE.match(code)
        if not match:
            raise ValueError(code)
        if match["days"] and int(match["days"]) > MAX_DAYS_BEFORE:
            raise ValueError(code)
        if match["hours"] and int(match["hours"]) > MAX_DAYS_BEFORE * 24:
            raise ValueError(code)
        if match["clock"]:
            hours, minutes = match["clock"].split(":")
            code = f"{int(hours):02d}:{minutes}"
        if code not in codes:
            codes.append(code)
    return codes


def validate_schedule(value):
    try:
        parse(value)
    except ValueError as error:
        raise ValidationError(
            _("“%(code)s” is not a reminder time. Write for example: 3d, 1d, 2h, 07:00"), params={"code": error}
        )


def moment(code, starts_at):
    """When the reminder `code` is due for an event starting at `starts_at`."""
    match = _CODE.match(code)
    if match["days"]:
        return starts_at - datetime.timedelta(days=int(match["days"]))
    if match["hours"]:
        return starts_at - datetime.timedelta(hours=int(match["hours"]))
    hours, minutes = (int(part) for part in match["clock"].split(":"))
    day = starts_at.astimezone(BANGKOK).date()
    return datetime.datetime.combine(day, datetime.time(hours, minutes), tzinfo=BANGKOK)


def moments(schedule, starts_at):
    """[(code, moment)] of the reminders that come before the start, earliest first."""
    try:
        codes = parse(schedule)
    except ValueError:
        codes = parse(DEFAULT_SCHEDULE)
    found = [(code, moment(code, starts_at)) for code in codes]
    return sorted(((code, when) for code, when in found if when < starts_at), key=lambda item: item[1])

"""Dates the way people here read them: Buddhist Era in Thai, Gregorian in English,
always on Bangkok time. Django's own Thai locale prints CE years, so we format ourselves."""

import datetime

from django.utils import timezone, translation

BUDDHIST_ERA_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
# Monday first, as datetime.weekday() counts.
THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

STYLES = ("short", "long", "datetime", "time", "month", "year")

# "น." (o'clock) read on a line of its own means nothing: a no-break space ties it to its time, on pages, in PDFs
# and in plain-text messages alike.
HOURS_SUFFIX = "\u00a0น."


def buddhist_year(year):
    return year + BUDDHIST_ERA_OFFSET


def _as_local(value):
    """A date stays a date; an aware datetime is moved to Bangkok time; a naive one is taken as local."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value)
        return value
    return value


def _thai(value, style):
    day, month, year = value.day, value.month, buddhist_year(value.year)
    if style == "short":
        return f"{day} {THAI_MONTHS_SHORT[month - 1]} {year}"
    if style == "long":
        return f"วัน{THAI_WEEKDAYS[value.weekday()]}ที่ {day} {THAI_MONTHS[month - 1]} พ.ศ. {year}"
    if style == "month":
        return f"{THAI_MONTHS[month - 1]} {year}"
    if style == "year":
        return str(year)
    if style == "time":
        return f"{value:%H:%M}{HOURS_SUFFIX}"
    return f"{day} {THAI_MONTHS_SHORT[month - 1]} {year} เวลา {value:%H:%M}{HOURS_SUFFIX}"


def _english(value, style):
    day, month, year = value.day, value.month, value.year
    if style == "short":
        return f"{day} {ENGLISH_MONTHS[month - 1][:3]} {year}"
    if style == "long":
        return f"{ENGLISH_WEEKDAYS[value.weekday()]} {day} {ENGLISH_MONTHS[month - 1]} {year}"
    if style == "month":
        return f"{ENGLISH_MONTHS[month - 1]} {year}"
    if style == "year":
        return str(year)
    if style == "time":
        return f"{value:%H:%M}"
    return f"{day} {ENGLISH_MONTHS[month - 1][:3]} {year}, {value:%H:%M}"


def format_date(value, style="short", language=None):
    """Format a date or datetime for display; "" for anything that is not one.

    Styles: short "3 ก.ย. 2563", long "วันพฤหัสบดีที่ 3 กันยายน พ.ศ. 2563",
    datetime "3 ก.ย. 2563 เวลา 09:30 น.", time "09:30 น." (a no-break space before น.), month "กันยายน 2563", year "2563".
    """
    if style not in STYLES:
        raise ValueError(f"Unknown date style {style!r}; use one of {', '.join(STYLES)}")
    if not isinstance(value, datetime.date):
        return ""
    if style in ("datetime", "time") and not isinstance(value, datetime.datetime):
        # A plain date has no time of day to show.
        if style == "time":
            return ""
        style = "short"
    language = language or translation.get_language() or "th"
    value = _as_local(value)
    if language.startswith("th"):
        return _thai(value, style)
    return _english(value, style)


def _day_parts(value, style, language):
    """(day, month, year) of a date without its weekday: ("31", "ธันวาคม", "พ.ศ. 2569"), ("31", "Dec", "2026")."""
    if language.startswith("th"):
        months = THAI_MONTHS if style == "long" else THAI_MONTHS_SHORT
        year = f"พ.ศ. {buddhist_year(value.year)}" if style == "long" else str(buddhist_year(value.year))
    else:
        months = ENGLISH_MONTHS if style == "long" else tuple(month[:3] for month in ENGLISH_MONTHS)
        year = str(value.year)
    return str(value.day), months[value.month - 1], year


def _day_range(first, last, style, language):
    """The days from `first` to `last` in two parts, naming a shared month and year once:
    ["30–31 ธันวาคม พ.ศ. 2569"], ["30 พฤศจิกายน", "– 1 ธันวาคม พ.ศ. 2569"], ["31 ธ.ค. 2569", "– 1 ม.ค. 2570"]."""
    (day1, month1, year1), (day2, month2, year2) = _day_parts(first, style, language), _day_parts(last, style, language)
    if year1 != year2:
        return [f"{day1} {month1} {year1}", f"– {day2} {month2} {year2}"]
    if month1 != month2:
        return [f"{day1} {month1}", f"– {day2} {month2} {year2}"]
    return [f"{day1}–{day2} {month2} {year2}"]


def _clock(text, thai):
    return f"เวลา {text}{HOURS_SUFFIX}" if thai else text


def span_parts(starts_at, ends_at, style="long", times=True, language=None):
    """format_span() in the pieces a line may break between (a page keeps each piece on one line)."""
    if style not in ("long", "short"):
        raise ValueError(f"Unknown span style {style!r}; use long or short")
    if not (isinstance(starts_at, datetime.datetime) and isinstance(ends_at, datetime.datetime)):
        return []
    language = language or translation.get_language() or "th"
    thai = language.startswith("th")
    start, end = _as_local(starts_at), _as_local(ends_at)
    # Until midnight is the end of the first day, not a second one.
    until_midnight = end.time() == datetime.time(0) and end.date() == start.date() + datetime.timedelta(days=1)
    last_day = start.date() if until_midnight else end.date()
    hours = [_clock(f"{start:%H:%M}–{'24:00' if until_midnight else f'{end:%H:%M}'}", thai)] if times else []
    if last_day == start.date():
        parts = [format_date(start.date(), style, language)]
    elif not times or start.time() < end.time():
        parts = _day_range(start.date(), last_day, style, language)
    else:  # overnight: each end has its own time
        first, last = (" ".join(_day_parts(moment, style, language)) for moment in (start, end))
        parts, hours = [first, _clock(f"{start:%H:%M}", thai), f"– {last}", _clock(f"{end:%H:%M}", thai)], []
        if not thai:
            parts = [f"{first},", f"{start:%H:%M}", f"– {last},", f"{end:%H:%M}"]
    if hours and not thai:
        parts[-1] += ","
    return parts + hours


def format_span(starts_at, ends_at, style="long", times=True, language=None):
    """When an event (or an activity) takes place, from its start to its end, on Bangkok time.

    One day:  "วันพฤหัสบดีที่ 31 ธันวาคม พ.ศ. 2569 เวลา 08:00–16:00 น." (long),
              "31 ธ.ค. 2569 เวลา 08:00–16:00 น." (short).
    Several:  "31 ธันวาคม พ.ศ. 2569 – 1 มกราคม พ.ศ. 2570 เวลา 08:00–16:00 น.": the first day's start
              and the last day's end, the way Thai notices give a training's days. An event that ends
              earlier in the day than it started (overnight) gives each end its own time.
    `times=False` gives the days alone (the certificate). English is the same, in the Christian Era.
    """
    return " ".join(span_parts(starts_at, ends_at, style, times, language))


def parse_date(text, today=None):
    """A date as people here type it: 25/10/2563 (BE), 25/10/63 (short BE), 25/10/2020 (CE),
    or 2020-10-25 (what a date picker sends). Returns a date or raises ValueError."""
    text = (text or "").strip()
    if not text or len(text) > 20:
        raise ValueError("empty or too long")
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        year, month, day = (int(part) for part in text.split("-"))
    else:
        parts = text.replace("-", "/").replace(".", "/").split("/")
        if len(parts) != 3 or not all(part.isdigit() for part in parts):
            raise ValueError("not day/month/year")
        day, month, year = (int(part) for part in parts)
        if len(parts[2]) <= 2:
            year += 2500  # "63" is how people shorten 2563
        if year >= 2400:
            year -= BUDDHIST_ERA_OFFSET
    if not 1900 <= year <= 2200:
        raise ValueError("year out of range")
    return datetime.date(year, month, day)


def format_numeric(value):
    """25/10/2563: how a date goes back into a text field for Thai users."""
    return f"{value.day:02d}/{value.month:02d}/{buddhist_year(value.year)}" if value else ""

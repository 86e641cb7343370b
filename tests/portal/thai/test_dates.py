import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.thai.dates import format_date, format_span, span_parts

UTC = datetime.UTC
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


@pytest.mark.parametrize(
    "value, style, expected",
    [
        (datetime.date(2020, 9, 3), "short", "3 ก.ย. 2563"),
        (datetime.date(2020, 9, 3), "long", "วันพฤหัสบดีที่ 3 กันยายน พ.ศ. 2563"),
        (datetime.date(2020, 10, 25), "long", "วันอาทิตย์ที่ 25 ตุลาคม พ.ศ. 2563"),
        (datetime.date(2020, 10, 25), "short", "25 ต.ค. 2563"),
        (datetime.date(2020, 9, 3), "month", "กันยายน 2563"),
        (datetime.date(2020, 9, 3), "year", "2563"),
        # Year boundary: the BE year turns over on 1 January, like the CE one.
        (datetime.date(2020, 12, 31), "short", "31 ธ.ค. 2563"),
        (datetime.date(2021, 1, 1), "short", "1 ม.ค. 2564"),
        (datetime.date(2021, 1, 1), "long", "วันศุกร์ที่ 1 มกราคม พ.ศ. 2564"),
        # Month boundaries, including a leap day.
        (datetime.date(2020, 2, 29), "short", "29 ก.พ. 2563"),
        (datetime.date(2020, 3, 1), "short", "1 มี.ค. 2563"),
        (datetime.date(2020, 4, 30), "long", "วันพฤหัสบดีที่ 30 เมษายน พ.ศ. 2563"),
        (datetime.date(2020, 5, 1), "month", "พฤษภาคม 2563"),
    ],
)
def test_thai_dates_are_in_buddhist_era(value, style, expected):
    assert format_date(value, style, language="th") == expected


@pytest.mark.parametrize(
    "value, style, expected",
    [
        (datetime.date(2020, 9, 3), "short", "3 Sep 2020"),
        (datetime.date(2020, 9, 3), "long", "Thursday 3 September 2020"),
        (datetime.date(2020, 12, 31), "year", "2020"),
        (datetime.date(2021, 1, 1), "month", "January 2021"),
    ],
)
def test_english_dates_are_gregorian(value, style, expected):
    assert format_date(value, style, language="en") == expected


def test_aware_datetime_just_before_midnight_utc_is_the_next_day_in_bangkok():
    # 17:30 UTC on 2 September is 00:30 on 3 September in Bangkok (UTC+7).
    value = datetime.datetime(2020, 9, 2, 17, 30, tzinfo=UTC)
    assert format_date(value, "short", language="th") == "3 ก.ย. 2563"
    assert format_date(value, "datetime", language="th") == "3 ก.ย. 2563 เวลา 00:30 น."
    assert format_date(value, "datetime", language="en") == "3 Sep 2020, 00:30"


def test_new_year_arrives_in_bangkok_seven_hours_before_utc():
    value = datetime.datetime(2020, 12, 31, 17, 0, tzinfo=UTC)
    assert format_date(value, "long", language="th") == "วันศุกร์ที่ 1 มกราคม พ.ศ. 2564"
    assert format_date(value, "year", language="th") == "2564"
    just_before = datetime.datetime(2020, 12, 31, 16, 59, tzinfo=UTC)
    assert format_date(just_before, "short", language="th") == "31 ธ.ค. 2563"


def test_datetime_in_another_zone_is_shown_in_bangkok_time():
    value = datetime.datetime(2020, 9, 3, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert value.astimezone(BANGKOK).hour == 15
    assert format_date(value, "time", language="th") == "15:00 น."


def test_a_plain_date_has_no_time_to_show():
    assert format_date(datetime.date(2020, 9, 3), "datetime", language="th") == "3 ก.ย. 2563"
    assert format_date(datetime.date(2020, 9, 3), "time", language="th") == ""


@pytest.mark.parametrize("value", [None, "", "2020-09-03", 2563, object()])
def test_anything_that_is_not_a_date_shows_as_nothing(value):
    assert format_date(value, "short", language="th") == ""


def test_an_unknown_style_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown date style"):
        format_date(datetime.date(2020, 9, 3), "fancy")


def test_the_template_filter_follows_the_active_language():
    template = Template('{% load portal_dates %}{{ day|display_date }} / {{ day|display_date:"long" }}')
    context = Context({"day": datetime.date(2020, 9, 3)})
    with translation.override("th"):
        assert template.render(context) == "3 ก.ย. 2563 / วันพฤหัสบดีที่ 3 กันยายน พ.ศ. 2563"
    with translation.override("en"):
        assert template.render(context) == "3 Sep 2020 / Thursday 3 September 2020"


# --- an event's span ---------------------------------------------------------------------------


def _at(*args):
    return datetime.datetime(*args, tzinfo=BANGKOK)


@pytest.mark.parametrize(
    "start, end, style, times, expected",
    [
        (
            _at(2026, 12, 31, 8),
            _at(2026, 12, 31, 16),
            "long",
            True,
            "วันพฤหัสบดีที่ 31 ธันวาคม พ.ศ. 2569 เวลา 08:00–16:00 น.",
        ),
        (
            _at(2026, 12, 31, 8),
            _at(2027, 1, 1, 16),
            "long",
            True,
            "31 ธันวาคม พ.ศ. 2569 – 1 มกราคม พ.ศ. 2570 เวลา 08:00–16:00 น.",
        ),
        (_at(2026, 12, 31, 8), _at(2027, 1, 1, 16), "long", False, "31 ธันวาคม พ.ศ. 2569 – 1 มกราคม พ.ศ. 2570"),
        (_at(2026, 12, 31, 8), _at(2027, 1, 1, 16), "short", False, "31 ธ.ค. 2569 – 1 ม.ค. 2570"),
        (_at(2026, 12, 30, 8), _at(2026, 12, 31, 16), "long", True, "30–31 ธันวาคม พ.ศ. 2569 เวลา 08:00–16:00 น."),
        (_at(2026, 11, 30, 8), _at(2026, 12, 1, 16), "short", True, "30 พ.ย. – 1 ธ.ค. 2569 เวลา 08:00–16:00 น."),
        # Overnight: each end has its own time; until midnight is still the same day.
        (
            _at(2026, 12, 31, 20),
            _at(2027, 1, 1, 6),
            "short",
            True,
            "31 ธ.ค. 2569 เวลา 20:00 น. – 1 ม.ค. 2570 เวลา 06:00 น.",
        ),
        (_at(2026, 12, 31, 20), _at(2027, 1, 1, 0), "short", True, "31 ธ.ค. 2569 เวลา 20:00–24:00 น."),
        # UTC in the database, Bangkok on the page: 17:00 UTC on the 30th is already the 31st.
        (
            datetime.datetime(2026, 12, 30, 17, tzinfo=UTC),
            datetime.datetime(2026, 12, 31, 9, tzinfo=UTC),
            "long",
            True,
            "วันพฤหัสบดีที่ 31 ธันวาคม พ.ศ. 2569 เวลา 00:00–16:00 น.",
        ),
    ],
)
def test_an_events_span_in_thai(start, end, style, times, expected):
    assert format_span(start, end, style, times, language="th") == expected
    assert " ".join(span_parts(start, end, style, times, language="th")) == expected


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (_at(2026, 12, 31, 8), _at(2026, 12, 31, 16), "Thursday 31 December 2026, 08:00–16:00"),
        (_at(2026, 12, 31, 8), _at(2027, 1, 1, 16), "31 December 2026 – 1 January 2027, 08:00–16:00"),
        (_at(2026, 12, 31, 20), _at(2027, 1, 1, 6), "31 December 2026, 20:00 – 1 January 2027, 06:00"),
    ],
)
def test_an_events_span_in_english_is_in_the_christian_era(start, end, expected):
    assert format_span(start, end, language="en") == expected


def test_a_span_of_anything_but_two_moments_is_empty():
    assert format_span(None, _at(2026, 12, 31, 8)) == ""
    with pytest.raises(ValueError):
        format_span(_at(2026, 12, 31, 8), _at(2026, 12, 31, 9), "medium")

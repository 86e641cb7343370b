import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.thai.dates import format_date

UTC = datetime.timezone.utc
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
    assert format_date(value, "datetime", language="th") == "3 ก.ย. 2563 เวลา 00:30 น."
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
    assert format_date(value, "time", language="th") == "15:00 น."


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

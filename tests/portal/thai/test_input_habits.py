"""Thai input habits: phones and dates typed the ways people here type them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from portal.thai.dates import format_numeric, parse_date
from portal.thai.phones import display_phone, normalise_phone


@pytest.mark.parametrize(
    "typed",
    ["0812345678", "081-234-5678", "081 234 5678", "+66812345678", "+66 81 234 5678", "66812345678", " 081.234.5678 "],
)
def test_the_same_mobile_typed_any_common_way_is_stored_once(typed):
    assert normalise_phone(typed) == "+66812345678"
    assert display_phone("+66812345678") == "081-234-5678"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter a phone number."),
        ("081234567", "This is not a valid Thai phone number."),
        ("08123456789", "This is not a valid Thai phone number."),
        ("0212345678", "This is not a valid Thai phone number."),
        ("021234567", "Enter a Thai mobile number: 10 digits starting with 06, 08 or 09."),
        ("+14155550123", "This is not a valid Thai phone number."),
        ("โทร 0812345678", "Enter a phone number using digits only, for example 081-234-5678."),
        ("0" * 40, "Enter a phone number using digits only, for example 081-234-5678."),
    ],
)
def test_wrong_phones_get_a_clear_message(typed, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            normalise_phone(typed)
        assert raised.value.messages == [message]


def test_the_message_is_in_thai_for_thai_users():
    with translation.override("th"):
        with pytest.raises(ValidationError) as raised:
            normalise_phone("021234567")
        assert raised.value.messages == ["กรอกหมายเลขมือถือ 10 หลักที่ขึ้นต้นด้วย 06, 08 หรือ 09"]


def test_landlines_are_accepted_where_asked_for():
    assert normalise_phone("02-123-4567", mobile_only=False) == "+6621234567"
    assert display_phone("+6621234567") == "02-123-4567"


@given(
    prefix=st.sampled_from("689"),
    rest=st.text(alphabet="0123456789", min_size=8, max_size=8),
    style=st.sampled_from(["{0}", "0{n}", "0{a}-{b}-{c}", "+66{n}", "+66 {a} {b} {c}"]),
)
def test_any_valid_mobile_round_trips(prefix, rest, style):
    national = prefix + rest
    typed = style.format("0" + national, n=national, a=national[:2], b=national[2:5], c=national[5:])
    try:
        stored = normalise_phone(typed)
    except ValidationError:
        return  # a number range Thailand has not allocated; the message path is tested above
    assert stored == "+66" + national
    assert normalise_phone(display_phone(stored)) == stored


@given(st.text(max_size=40))
def test_any_text_either_normalises_or_fails_with_a_message(text):
    try:
        stored = normalise_phone(text)
    except ValidationError as error:
        assert error.messages
    else:
        assert stored.startswith("+66") and len(stored) == 12


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("25/10/2563", datetime.date(2020, 10, 25)),
        ("25/10/63", datetime.date(2020, 10, 25)),
        ("25-10-2563", datetime.date(2020, 10, 25)),
        ("25.10.2563", datetime.date(2020, 10, 25)),
        ("25/10/2020", datetime.date(2020, 10, 25)),
        ("2020-10-25", datetime.date(2020, 10, 25)),
        ("1/1/2500", datetime.date(1957, 1, 1)),
        ("29/2/2563", datetime.date(2020, 2, 29)),
    ],
)
def test_dates_typed_in_buddhist_or_common_era(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "31/02/2563", "29/2/2564", "25/13/2563", "25/10", "วันนี้", "25/10/1800", "1/1/9999", "x" * 100]
)
def test_impossible_dates_are_refused(typed):
    with pytest.raises(ValueError):
        parse_date(typed)


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_a_date_shown_in_buddhist_era_reads_back_as_itself(day):
    assert parse_date(format_numeric(day)) == day


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_value_error(text):
    try:
        assert isinstance(parse_date(text), datetime.date)
    except ValueError:
        pass

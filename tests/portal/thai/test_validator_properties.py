"""Properties of the Thai validators, over text people (and robots) could send: each either gives
a valid value or refuses with a ValidationError carrying a Thai message; nothing else escapes, and
what they accept reads back as itself. Complements test_input_habits.py (plain text, valid mobiles,
Buddhist-Era dates), which these do not repeat."""

import datetime
import re

import geothai
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.accounts.forms import ProfileForm, ThaiDateField, ThaiPhoneField
from portal.thai.addresses import area_names, district_choices, is_consistent, subdistrict_choices
from portal.thai.dates import parse_date
from portal.thai.phones import display_phone, normalise_phone

THAI = re.compile("[\u0e01-\u0e5b]")
E164_THAI = re.compile(r"\+66[0-9]{8,9}")

# What a phone field receives: digits of any script, the separators people use, a plus, letters now and then.
phone_like = st.text(alphabet=st.sampled_from("0123456789๐๑๒๓๔๕๖๗๘๙+-. ()/\u00a0x\x00"), max_size=25)
digit_runs = st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=5)
separators = st.sampled_from("/-.")


def thai_messages(error):
    with translation.override("th"):
        return [str(message) for message in error.messages]


# --- phones ------------------------------------------------------------------------------------


@given(phone_like, st.booleans())
def test_phone_like_text_gives_one_stored_form_or_a_thai_message(text, mobile_only):
    try:
        stored = normalise_phone(text, mobile_only=mobile_only)
    except ValidationError as error:
        assert all(THAI.search(message) for message in thai_messages(error))
        return
    assert E164_THAI.fullmatch(stored)
    assert normalise_phone(stored, mobile_only=mobile_only) == stored
    assert normalise_phone(display_phone(stored), mobile_only=mobile_only) == stored


@given(st.text(max_size=40))
def test_showing_whatever_is_stored_never_fails(text):
    assert isinstance(display_phone(text), str)


@given(st.one_of(phone_like, st.text(max_size=40)))
def test_the_phone_field_cleans_to_empty_a_number_or_a_thai_message(text):
    field = ThaiPhoneField(required=False)
    try:
        cleaned = field.clean(text)
    except ValidationError as error:
        assert all(THAI.search(message) for message in thai_messages(error))
    else:
        assert cleaned == "" or E164_THAI.fullmatch(cleaned)


# --- dates -------------------------------------------------------------------------------------


@given(digit_runs, separators, digit_runs, separators, digit_runs)
def test_day_month_year_in_any_digits_is_a_date_or_a_value_error(day, first, month, second, year):
    text = f"{day}{first}{month}{second}{year}"
    try:
        parsed = parse_date(text)
    except ValueError:
        return
    assert 1900 <= parsed.year <= 2200
    assert (parsed.day, parsed.month) == (int(day), int(month))


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_what_a_date_picker_sends_reads_back(day):
    assert parse_date(day.isoformat()) == day


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)), separators)
def test_a_common_era_year_typed_in_full_reads_back(day, separator):
    assert parse_date(separator.join([str(day.day), str(day.month), str(day.year)])) == day


@given(st.dates(min_value=datetime.date(1957, 1, 1), max_value=datetime.date(2056, 12, 31)))
def test_a_buddhist_era_year_shortened_to_two_digits_reads_back(day):
    short_year = (day.year + 543) % 100
    assert parse_date(f"{day.day}/{day.month}/{short_year:02d}") == day


@given(st.text(max_size=30))
def test_the_date_field_cleans_to_a_date_or_a_thai_message(text):
    field = ThaiDateField(required=False)
    try:
        cleaned = field.clean(text)
    except ValidationError as error:
        assert all(THAI.search(message) for message in thai_messages(error))
    else:
        assert cleaned is None or isinstance(cleaned, datetime.date)


# --- addresses ---------------------------------------------------------------------------------

ALL_SUBDISTRICTS = [
    sub
    for province in geothai.provinces()
    for district in geothai.districts(province.code)
    for sub in geothai.subdistricts(district.code)
]
area_code = st.one_of(st.text(max_size=8), st.from_regex(r"[0-9]{2,6}", fullmatch=True))


@given(area_code, area_code, area_code)
def test_any_codes_are_judged_without_failing(province, district, subdistrict):
    assert is_consistent(province, district, subdistrict) in (True, False)
    assert isinstance(district_choices(province), list)
    assert isinstance(subdistrict_choices(district), list)
    assert len(area_names(province, district, subdistrict)) <= 3


@given(st.sampled_from(ALL_SUBDISTRICTS), st.sampled_from(ALL_SUBDISTRICTS))
def test_every_official_subdistrict_lies_in_its_district_and_province(sub, elsewhere):
    district = geothai.district(sub.district_code)
    assert is_consistent(district.province_code, district.code, sub.code)
    assert sub.code in dict(subdistrict_choices(district.code))
    assert district.code in dict(district_choices(district.province_code))
    with translation.override("th"):
        assert area_names(district.province_code, district.code, sub.code)[-1] == sub.name_th
    if elsewhere.district_code != district.code:
        assert not is_consistent(district.province_code, district.code, elsewhere.code)


@pytest.fixture
def somchai(make_volunteer):
    return make_volunteer("somchai")


# The form only reads the profile, so one person serves every example.
@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(area_code, area_code, area_code)
def test_the_profile_form_takes_any_address_codes(somchai, province, district, subdistrict):
    user = somchai
    data = {
        "first_name": "สมชาย",
        "last_name": "ใจดี",
        "date_of_birth": "01/05/2533",
        "phone": "0812345678",
        "volunteer_group": "youth",
        "preferred_language": "th",
        "province_code": province,
        "district_code": district,
        "subdistrict_code": subdistrict,
    }
    with translation.override("th"):
        form = ProfileForm(data, instance=user.profile, user=user)
        if form.is_valid():
            assert is_consistent(province, district, subdistrict)
        else:
            address_errors = [
                message
                for name in ("province_code", "district_code", "subdistrict_code", "__all__")
                for message in form.errors.get(name, [])
            ]
            assert address_errors and all(THAI.search(message) for message in address_errors)

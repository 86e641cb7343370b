"""What a volunteer types into the profile."""

import pytest

from portal.accounts.models import Profile, VolunteerGroup
from tests.hostile.typed import (
    ATTRIBUTE,
    HOSTILE,
    HOSTILE_IDS,
    NULL_BYTE,
    PAPER_LIAR_IDS,
    PAPER_LIARS,
    SCRIPT,
    TEN_THOUSAND,
    assert_refused_in_thai,
    assert_safe,
)

pytestmark = pytest.mark.django_db


# --- the profile --------------------------------------------------------------------------------


def profile_data(**changes):
    data = {
        "title": "",
        "first_name": "สมชาย",
        "last_name": "ใจดี",
        "nickname": "ชาย",
        "date_of_birth": "01/05/2533",
        "phone": "081-234-5678",
        "volunteer_group": VolunteerGroup.YOUTH,
        "opm_registration_number": "",
        "province_code": "63",
        "district_code": "6306",
        "subdistrict_code": "630609",
        "village_number": "3",
        "village_name": "บ้านห้วยน้ำริน",
        "skills": "",
        "interests": "",
        "emergency_contact_name": "",
        "emergency_contact_relation": "",
        "emergency_contact_phone": "",
        "preferred_language": "th",
        "notify_by_email": "on",
    }
    data.update(changes)
    return data


def stored_value(user, field):
    profile = Profile.objects.select_related("user").get(user=user)
    return getattr(profile.user if field in ("first_name", "last_name") else profile, field)


FREE_TEXT = [
    "first_name",
    "last_name",
    "nickname",
    "village_name",
    "skills",
    "interests",
    "emergency_contact_name",
    "emergency_contact_relation",
    "opm_registration_number",
]


@pytest.mark.parametrize("field", FREE_TEXT)
@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_profile_text_is_refused_in_thai_or_stored_exactly(client, volunteer, field, typed):
    response = client.post("/profile/edit/", profile_data(**{field: typed}))
    assert_safe(response)
    if response.status_code == 302:
        assert stored_value(volunteer, field) == typed
        assert_safe(client.get("/profile/"))
        assert_safe(client.get("/profile/my-data/"))
    else:
        assert response.status_code == 200
        assert_refused_in_thai(response)
        assert stored_value(volunteer, field) != typed


NAME_FIELDS = [
    "first_name",
    "last_name",
    "nickname",
    "village_name",
    "emergency_contact_name",
    "emergency_contact_relation",
]


@pytest.mark.parametrize("field", [*NAME_FIELDS, "opm_registration_number", "skills", "interests"])
@pytest.mark.parametrize("typed", PAPER_LIARS, ids=PAPER_LIAR_IDS)
def test_profile_text_that_would_lie_on_paper_is_refused_in_thai(client, volunteer, field, typed):
    """Names refuse all of it; the OPM number takes a web address; skills and interests, several lines."""
    allowed = (field == "opm_registration_number" and "://" in typed) or (
        field in ("skills", "interests") and ("://" in typed or typed in ("สม\r\nชาย", "สม\tชาย"))
    )
    response = client.post("/profile/edit/", profile_data(**{field: typed}))
    assert_safe(response)
    if allowed:
        assert response.status_code == 302 and stored_value(volunteer, field) == typed
    else:
        assert response.status_code == 200
        assert_refused_in_thai(response)
        assert stored_value(volunteer, field) != typed


@pytest.mark.parametrize(
    "field, typed",
    [
        ("date_of_birth", "31/02/2563"),
        ("date_of_birth", "๓๑/๐๒/๒๕๖๓"),
        ("date_of_birth", "2563-02-31"),
        ("date_of_birth", SCRIPT),
        ("date_of_birth", NULL_BYTE),
        ("date_of_birth", "01/01/3000"),
        ("phone", "โทร"),
        ("phone", SCRIPT),
        ("phone", "9" * 30),
        ("emergency_contact_phone", NULL_BYTE),
        ("village_number", "สาม"),
        ("village_number", "-1"),
        ("village_number", "9" * 30),
        ("village_number", "1e5"),
        ("province_code", SCRIPT),
        ("district_code", "9999"),
        ("subdistrict_code", NULL_BYTE),
        ("volunteer_group", ATTRIBUTE),
        ("preferred_language", "xx"),
        ("title", TEN_THOUSAND),
    ],
)
def test_profile_fields_of_a_kind_refuse_the_wrong_kind_in_thai(client, volunteer, field, typed):
    response = client.post("/profile/edit/", profile_data(**{field: typed}))
    assert response.status_code == 200
    assert_safe(response)
    assert_refused_in_thai(response)


def test_a_list_where_one_value_is_expected_keeps_one(client, volunteer):
    data = profile_data()
    data["first_name"] = ["สมหญิง", SCRIPT]
    response = client.post("/profile/edit/", data)
    assert_safe(response)
    assert_refused_in_thai(response)  # the last value counts, and a name has no symbols


def test_the_address_lists_refresh_with_anything_chosen(client, volunteer):
    for typed in HOSTILE:
        data = profile_data(province_code=typed, district_code=typed, refresh_address="1")
        assert_safe(client.post("/profile/edit/", data))

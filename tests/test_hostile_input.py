"""Whatever a person types, anywhere they can type it: it is shown escaped, refused with a message
in the person's language (Thai by default), or stored exactly as typed. Never a server error.

The test client re-raises a view's exception, so a 500 fails here with its traceback."""

import datetime
import re
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model

from cms.models import AnnouncementIndexPage
from portal.accounts.guardians import request_guardian_consent
from portal.accounts.models import ConsentPurpose, GuardianConsent, Profile, VolunteerGroup
from portal.accounts.services import profile_of, record_consent
from portal.events import services
from portal.events.models import Activity, ActivityKind, Signup, SignupStatus
from tests.fixtures.volunteers import PASSWORD
from tests.portal.admin.conftest import WITHIN_THE_HOUR, make_event

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
TEN_THOUSAND = "ก" * 10_000
NULL_BYTE = "\x00สม\x00ชาย"
# A tone mark, and a vowel with a tone mark, with no consonant to sit on.
LONE_MARKS = ["่", "ั้"]
HOSTILE = [SCRIPT, ATTRIBUTE, TEN_THOUSAND, NULL_BYTE, *LONE_MARKS, "9" * 30, "-1", "1e5", "31/02/2563"]
HOSTILE_IDS = ["script", "attribute", "10000 chars", "null byte", "lone tone mark", "lone vowel and tone", "30 nines",
               "minus one", "1e5", "31 Feb"]
THAI = re.compile("[\u0e01-\u0e5b]")
# What reads differently on paper than it was typed, or turns a name into something else: a reversed
# name, stacked tone marks, a zero-width space, a line break (an e-mail header), a tab, a web address,
# a full-width formula.
PAPER_LIARS = ["สมชาย \u202eใจดี", "ก่่่่", "สม\u200bชาย", "สม\r\nชาย", "สม\tชาย", "https://evil.example/x"]
PAPER_LIAR_IDS = ["reversed", "stacked marks", "zero-width space", "CR LF", "tab", "web address"]


def assert_safe(response):
    """No markup of ours comes back live, whatever the status."""
    assert response.status_code < 500
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode("utf-8", errors="replace")
    assert SCRIPT not in body
    assert "<img src=x onerror" not in body


def form_errors(response):
    form = response.context["form"] if response.context and "form" in response.context else None
    return [message for messages in (form.errors.values() if form else []) for message in messages]


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def assert_refused_in_thai(response):
    errors = form_errors(response)
    assert errors, "the form came back without saying what is wrong"
    untranslated = [message for message in errors if not THAI.search(message)]
    assert not untranslated, f"messages not in Thai: {untranslated}"


@pytest.fixture
def event(ours):
    event = make_event(ours, "อบรมนวัตกรสังคม")
    Activity.objects.create(event=event, title="บรรยายศาสตร์พระราชา", kind=ActivityKind.LECTURE,
                            starts_at=event.starts_at, ends_at=event.starts_at + datetime.timedelta(hours=2), order=1)
    return event


@pytest.fixture
def coordinator(staff, client):
    record_consent(staff["coordinator"], {ConsentPurpose.PARTICIPATION: True})
    client.force_login(staff["coordinator"])
    return staff["coordinator"]


# --- what visitors type into addresses and filters ---------------------------------------------

PUBLIC_FILTERS = [
    "/search/?q={}", "/search/?q=อาสา&page={}", "/events/?province={}", "/events/?group={}", "/events/?from={}",
    "/profile/address-options/?province={}", "/profile/address-options/?district={}",
]


@pytest.mark.parametrize("url", PUBLIC_FILTERS)
@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_public_filters_take_anything(client, url, typed):
    assert_safe(client.get(url.format(quote(typed))))


@pytest.mark.parametrize("name", ["tag", "year", "page"])
@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_announcement_filters_take_anything(client, name, typed):
    index = AnnouncementIndexPage.objects.live().first()
    response = client.get(f"{index.url}?{urlencode({name: typed})}")
    assert response.status_code == 200
    assert_safe(response)


@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_links_with_anything_in_them_are_simply_not_found(client, typed):
    for url in ("/certificates/{}/", "/notifications/unsubscribe/{}/"):
        response = client.get(url.format(quote(typed, safe="")))
        assert response.status_code == 404
        assert_safe(response)


def test_what_was_searched_for_is_shown_escaped(client):
    response = client.get("/search/?" + urlencode({"q": SCRIPT}))
    assert "&lt;script&gt;" in response.content.decode()
    assert_safe(response)


def test_a_date_that_does_not_exist_gets_a_message_in_thai(client):
    response = client.get("/events/?from=31/02/2563")
    assert "กรอกวันที่" in response.context["date_error"] or THAI.search(response.context["date_error"])
    assert response.context["date_error"] in response.content.decode()


# --- the profile --------------------------------------------------------------------------------


def profile_data(**changes):
    data = {
        "title": "", "first_name": "สมชาย", "last_name": "ใจดี", "nickname": "ชาย", "date_of_birth": "01/05/2533",
        "phone": "081-234-5678", "volunteer_group": VolunteerGroup.YOUTH, "opm_registration_number": "",
        "province_code": "63", "district_code": "6306", "subdistrict_code": "630609", "village_number": "3",
        "village_name": "บ้านห้วยน้ำริน", "skills": "", "interests": "", "emergency_contact_name": "",
        "emergency_contact_relation": "", "emergency_contact_phone": "", "preferred_language": "th",
        "notify_by_email": "on",
    }
    data.update(changes)
    return data


def stored_value(user, field):
    profile = Profile.objects.select_related("user").get(user=user)
    return getattr(profile.user if field in ("first_name", "last_name") else profile, field)


FREE_TEXT = ["first_name", "last_name", "nickname", "village_name", "skills", "interests", "emergency_contact_name",
             "emergency_contact_relation", "opm_registration_number"]


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


NAME_FIELDS = ["first_name", "last_name", "nickname", "village_name", "emergency_contact_name",
               "emergency_contact_relation"]


@pytest.mark.parametrize("field", [*NAME_FIELDS, "opm_registration_number", "skills", "interests"])
@pytest.mark.parametrize("typed", PAPER_LIARS, ids=PAPER_LIAR_IDS)
def test_profile_text_that_would_lie_on_paper_is_refused_in_thai(client, volunteer, field, typed):
    """Names refuse all of it; the OPM number takes a web address; skills and interests, several lines."""
    allowed = (field == "opm_registration_number" and "://" in typed) or (
        field in ("skills", "interests") and ("://" in typed or typed in ("สม\r\nชาย", "สม\tชาย")))
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
        ("date_of_birth", "31/02/2563"), ("date_of_birth", "๓๑/๐๒/๒๕๖๓"), ("date_of_birth", "2563-02-31"),
        ("date_of_birth", SCRIPT), ("date_of_birth", NULL_BYTE), ("date_of_birth", "01/01/3000"),
        ("phone", "โทร"), ("phone", SCRIPT), ("phone", "9" * 30), ("emergency_contact_phone", NULL_BYTE),
        ("village_number", "สาม"), ("village_number", "-1"), ("village_number", "9" * 30), ("village_number", "1e5"),
        ("province_code", SCRIPT), ("district_code", "9999"), ("subdistrict_code", NULL_BYTE),
        ("volunteer_group", ATTRIBUTE), ("preferred_language", "xx"), ("title", TEN_THOUSAND),
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


# --- signing up and in (allauth) ----------------------------------------------------------------


@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_the_sign_up_form_refuses_in_thai(client, typed):
    people = get_user_model().objects.count()
    response = client.post("/accounts/signup/", {"email": typed, "password1": typed, "password2": typed})
    assert response.status_code == 200
    assert_safe(response)
    assert_refused_in_thai(response)
    assert get_user_model().objects.count() == people


@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_the_login_form_refuses_in_thai(client, make_volunteer, typed):
    make_volunteer("somchai")
    for data in ({"login": typed, "password": PASSWORD}, {"login": "somchai@example.org", "password": typed}):
        response = client.post("/accounts/login/", data)
        assert response.status_code == 200
        assert_safe(response)
        assert_refused_in_thai(response)


# --- the guardian's consent ---------------------------------------------------------------------


@pytest.fixture
def guardian_link(make_volunteer):
    minor = profile_of(make_volunteer("dekchai", born=datetime.date.today() - datetime.timedelta(days=365 * 15)))
    link = request_guardian_consent(minor, "นางสมศรี", "แม่", "0898765432", "mother@example.org").link
    return "/" + link.split("/", 3)[3]


@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_the_guardian_signs_with_a_name_or_is_told_why_not(client, guardian_link, typed):
    response = client.post(guardian_link, {"signed_name": typed, "agree": "on", "activity_kinds": ["lecture"]})
    assert response.status_code == 200
    assert_safe(response)
    consent = GuardianConsent.objects.get()
    if form_errors(response):
        assert_refused_in_thai(response)
        assert consent.consented_at is None
    else:
        assert consent.signed_name == typed


@pytest.mark.parametrize("typed", PAPER_LIARS, ids=PAPER_LIAR_IDS)
def test_the_guardian_cannot_sign_with_a_name_that_lies_on_paper(client, guardian_link, typed):
    response = client.post(guardian_link, {"signed_name": typed, "agree": "on", "activity_kinds": ["lecture"]})
    assert response.status_code == 200
    assert_refused_in_thai(response)
    assert GuardianConsent.objects.get().consented_at is None


@pytest.mark.parametrize("typed", HOSTILE + PAPER_LIARS, ids=HOSTILE_IDS + PAPER_LIAR_IDS)
def test_a_guardian_link_with_anything_in_it_is_simply_not_found(client, typed):
    response = client.get(f"/guardian/{quote(typed, safe='')}/")
    assert response.status_code == 404
    assert_safe(response)


@pytest.mark.parametrize("field", ["guardian_name", "relation", "guardian_email"])
@pytest.mark.parametrize("typed", PAPER_LIARS, ids=PAPER_LIAR_IDS)
def test_a_minors_request_that_would_forge_the_mail_is_refused_in_thai(client, make_volunteer, field, typed):
    from portal.notifications.models import Delivery

    client.force_login(make_volunteer("dekying", born=datetime.date.today() - datetime.timedelta(days=365 * 15)))
    data = {"guardian_name": "สมศรี ใจดี", "relation": "แม่", "guardian_phone": "089-876-5432",
            "guardian_email": "mother@example.org", field: typed}
    response = client.post("/profile/guardian/", data)
    assert response.status_code == 200
    assert_refused_in_thai(response)
    assert not Delivery.objects.filter(kind="guardian_request").exists()


@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_a_minor_asks_a_guardian_with_anything_typed(client, make_volunteer, typed):
    client.force_login(make_volunteer("dekying", born=datetime.date.today() - datetime.timedelta(days=365 * 15)))
    data = {"guardian_name": typed, "relation": typed, "guardian_phone": typed, "guardian_email": typed}
    response = client.post("/profile/guardian/", data)
    assert response.status_code == 200
    assert_safe(response)
    assert_refused_in_thai(response)


# --- registering --------------------------------------------------------------------------------


def test_registering_with_activities_that_do_not_exist_or_belong_elsewhere(client, volunteer, event, theirs):
    elsewhere = make_event(theirs, "งานอื่น")
    foreign = Activity.objects.create(event=elsewhere, title="กิจกรรมอื่น", kind=ActivityKind.LECTURE,
                                      starts_at=elsewhere.starts_at, ends_at=elsewhere.ends_at, order=1)
    chosen = ["abc", "999999", "9" * 30, "-1", str(foreign.pk), SCRIPT, NULL_BYTE, ""]
    response = client.post(f"/events/{event.pk}/register/", {"activities": chosen})
    assert response.status_code == 302
    signup = Signup.objects.get(event=event, user=volunteer)
    assert list(signup.activities.all()) == []
    assert_safe(client.get(response["Location"]))


# --- the coordinator's check-in page -----------------------------------------------------------


@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_check_in_search_and_scan_take_anything(client, coordinator, event, make_volunteer, typed):
    signup = services.sign_up(make_volunteer("somsak"), event)
    url = f"/events/{event.pk}/check-in/"
    assert_safe(client.get(url + "?" + urlencode({"q": typed})))
    for data in ({"token": typed}, {"signup": typed}, {"signup": str(signup.pk), "q": typed}):
        response = client.post(url, data, follow=True)
        assert response.status_code in (200, 404)
        assert_safe(response)
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED


# --- the admin: filters, bulk actions, messages, exports ----------------------------------------

ADMIN_FILTERS = [
    "/admin/signups/?event={}", "/admin/signups/?status={}", "/admin/signups/?q={}",
    "/admin/signups/results/?event={}&status={}", "/admin/volunteers/?q={}",
    "/admin/snippets/portal_events/event/?q={}",
    "/admin/snippets/portal_events/event/?programme={}", "/admin/signups/sign-in-sheet/?event={}",
    "/admin/exports/signups.csv?event={}", "/admin/exports/signups.csv?status={}", "/admin/exports/signups.xlsx?q={}",
    "/admin/notifications/compose/?event={}", "/admin/notifications/compose/?signup={}",
    "/admin/bulk/portal_events/signup/approve/?id={}", "/admin/bulk/portal_events/signup/check_in/?id={}",
    "/admin/bulk/portal_events/signup/message/?id={}",
]


@pytest.mark.parametrize("url", ADMIN_FILTERS)
@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_admin_filters_and_bulk_actions_take_anything(client, coordinator, event, url, typed):
    value = quote(typed)
    assert_safe(client.get(url.format(value, value)))


@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_bulk_actions_with_bad_ids_change_nothing(client, coordinator, event, make_volunteer, typed):
    signup = services.sign_up(make_volunteer("somsak"), event)
    response = client.post(f"/admin/bulk/portal_events/signup/check_in/?{urlencode({'id': typed})}", follow=True)
    assert_safe(response)
    signup.refresh_from_db()
    assert signup.checked_in_at is None


@pytest.mark.parametrize("field", ["subject", "message"])
@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_a_coordinators_message_is_refused_in_thai_or_sent_as_typed(client, coordinator, event, make_volunteer, field,
                                                                     typed):
    from portal.notifications.models import Delivery

    signup = services.sign_up(make_volunteer("somsak"), event)
    data = {"subject": "แจ้งเปลี่ยนสถานที่", "message": "พบกันที่ศาลาวัด", "channels": ["email"],
            "token": "6f1c3c56-5a3b-4d52-9b5e-0f6c0c1d2e3f", field: typed}
    response = client.post(f"/admin/notifications/compose/?signup={signup.pk}", {**data, "signup": [signup.pk]})
    assert_safe(response)
    if response.status_code == 302:
        delivery = Delivery.objects.get(kind="coordinator_message", subject_id=signup.pk)
        assert any(typed in text for text in strings_in(delivery.content))
        assert_safe(client.get(response["Location"]))
    else:
        assert_refused_in_thai(response)
        assert not Delivery.objects.filter(kind="coordinator_message").exists()


@pytest.mark.parametrize("field", ["subject", "message"])
@pytest.mark.parametrize("typed", PAPER_LIARS, ids=PAPER_LIAR_IDS)
def test_a_coordinators_message_that_would_lie_or_break_a_header_is_refused_in_thai(
        client, coordinator, event, make_volunteer, field, typed):
    """A subject is one line (a line break would be a header of its own); a message may have several."""
    from portal.notifications.models import Delivery

    signup = services.sign_up(make_volunteer("somsak"), event)
    data = {"subject": "แจ้งเปลี่ยนสถานที่", "message": "พบกันที่ศาลาวัด", "channels": ["email"],
            "token": "6f1c3c56-5a3b-4d52-9b5e-0f6c0c1d2e3f", field: typed, "signup": [signup.pk]}
    response = client.post(f"/admin/notifications/compose/?signup={signup.pk}", data)
    assert_safe(response)
    sent = Delivery.objects.filter(kind="coordinator_message")
    if "://" in typed or (field == "message" and typed in ("สม\r\nชาย", "สม\tชาย")):
        assert response.status_code == 302 and sent.exists()
    else:
        assert_refused_in_thai(response)
        assert not sent.exists()


@pytest.mark.parametrize("typed", PAPER_LIARS, ids=PAPER_LIAR_IDS)
def test_the_login_and_sign_up_forms_refuse_what_lies_in_thai(client, make_volunteer, typed):
    make_volunteer("somchai")
    for url, data in (("/accounts/login/", {"login": typed, "password": PASSWORD}),
                      ("/accounts/signup/", {"email": typed, "password1": PASSWORD, "password2": PASSWORD})):
        response = client.post(url, data)
        assert response.status_code == 200
        assert_refused_in_thai(response)


def test_the_check_in_search_survives_the_round_trip_through_a_check_in(client, coordinator, ours, make_volunteer):
    event = make_event(ours, "อบรมวันนี้", days_ahead=WITHIN_THE_HOUR)  # check-in is open
    signup = services.sign_up(make_volunteer("somsak"), event)
    typed = "สม & signup=1\r\nSet-Cookie: x=1"
    response = client.post(f"/events/{event.pk}/check-in/", {"signup": str(signup.pk), "q": typed})
    assert response.status_code == 302
    assert client.get(response["Location"]).context["query"] == typed.strip()
    signup.refresh_from_db()
    assert signup.checked_in_at is not None


def test_a_name_that_came_from_elsewhere_is_shown_escaped_to_staff(client, coordinator, event, make_volunteer):
    """The profile form refuses symbols in names, but a LINE display name or an old import does not
    pass through it: every page that shows a volunteer still escapes what is stored."""
    user = make_volunteer("somsak")
    user.first_name, user.last_name = SCRIPT, ATTRIBUTE
    user.save()
    profile = profile_of(user)
    profile.nickname, profile.skills, profile.village_name = SCRIPT, ATTRIBUTE, SCRIPT
    profile.save()
    signup = services.sign_up(user, event)
    pages = [
        "/admin/signups/", f"/admin/signups/?event={event.pk}", f"/admin/signups/inspect/{signup.pk}/",
        "/admin/volunteers/", f"/admin/volunteers/inspect/{profile.pk}/",
        f"/events/{event.pk}/check-in/?q=" + quote(SCRIPT), f"/events/{event.pk}/check-in/?q=alert",
        f"/admin/notifications/compose/?signup={signup.pk}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response)
    assert "&lt;script&gt;" in client.get(f"/admin/signups/inspect/{signup.pk}/").content.decode()
    assert client.get(f"/events/{event.pk}/check-in/?q=alert").context["found"][0] == signup

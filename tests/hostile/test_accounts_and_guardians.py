"""Signing up and in, a guardian's consent, registering for an event: whatever is typed."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model

from portal.accounts.guardians import request_guardian_consent
from portal.accounts.models import GuardianConsent
from portal.accounts.services import profile_of
from portal.events.models import Activity, ActivityKind, Signup
from tests.factories import EventFactory
from tests.fixtures.volunteers import PASSWORD
from tests.hostile.typed import (
    HOSTILE,
    HOSTILE_IDS,
    NULL_BYTE,
    PAPER_LIAR_IDS,
    PAPER_LIARS,
    SCRIPT,
    assert_refused_in_thai,
    assert_safe,
    form_errors,
)

pytestmark = pytest.mark.django_db


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
    consent = GuardianConsent.objects.get(profile__user__username="dekchai")
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
    assert GuardianConsent.objects.get(profile__user__username="dekchai").consented_at is None


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
    data = {
        "guardian_name": "สมศรี ใจดี",
        "relation": "แม่",
        "guardian_phone": "089-876-5432",
        "guardian_email": "mother@example.org",
        field: typed,
    }
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
    elsewhere = EventFactory(programme=theirs, title="งานอื่น")
    foreign = Activity.objects.create(
        event=elsewhere,
        title="กิจกรรมอื่น",
        kind=ActivityKind.LECTURE,
        starts_at=elsewhere.starts_at,
        ends_at=elsewhere.ends_at,
        order=1,
    )
    chosen = ["abc", "999999", "9" * 30, "-1", str(foreign.pk), SCRIPT, NULL_BYTE, ""]
    response = client.post(f"/events/{event.pk}/register/", {"activities": chosen})
    assert response.status_code == 302
    signup = Signup.objects.get(event=event, user=volunteer)
    assert list(signup.activities.all()) == []
    assert_safe(client.get(response["Location"]))


@pytest.mark.parametrize("typed", PAPER_LIARS, ids=PAPER_LIAR_IDS)
def test_the_login_and_sign_up_forms_refuse_what_lies_in_thai(client, make_volunteer, typed):
    make_volunteer("somchai")
    for url, data in (
        ("/accounts/login/", {"login": typed, "password": PASSWORD}),
        ("/accounts/signup/", {"email": typed, "password1": PASSWORD, "password2": PASSWORD}),
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert_refused_in_thai(response)

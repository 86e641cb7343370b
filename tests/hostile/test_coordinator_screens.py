"""The coordinator's check-in page and the admin's filters, bulk actions and messages: whatever is typed."""

from urllib.parse import quote, urlencode

import pytest

from portal.accounts.services import profile_of
from portal.events import services
from portal.events.models import SignupStatus
from tests.factories import WITHIN_THE_HOUR, EventFactory
from tests.hostile.typed import (
    ATTRIBUTE,
    HOSTILE,
    HOSTILE_IDS,
    PAPER_LIAR_IDS,
    PAPER_LIARS,
    SCRIPT,
    assert_refused_in_thai,
    assert_safe,
    strings_in,
)

pytestmark = pytest.mark.django_db


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
    "/admin/signups/?event={}",
    "/admin/signups/?status={}",
    "/admin/signups/?q={}",
    "/admin/signups/results/?event={}&status={}",
    "/admin/volunteers/?q={}",
    "/admin/snippets/portal_events/event/?q={}",
    "/admin/snippets/portal_events/event/?programme={}",
    "/admin/signups/sign-in-sheet/?event={}",
    "/admin/exports/signups.csv?event={}",
    "/admin/exports/signups.csv?status={}",
    "/admin/exports/signups.xlsx?q={}",
    "/admin/notifications/compose/?event={}",
    "/admin/notifications/compose/?signup={}",
    "/admin/bulk/portal_events/signup/approve/?id={}",
    "/admin/bulk/portal_events/signup/check_in/?id={}",
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
def test_a_coordinators_message_is_refused_in_thai_or_sent_as_typed(
    client, coordinator, event, make_volunteer, field, typed
):
    from portal.notifications.models import Delivery

    signup = services.sign_up(make_volunteer("somsak"), event)
    data = {
        "subject": "แจ้งเปลี่ยนสถานที่",
        "message": "พบกันที่ศาลาวัด",
        "channels": ["email"],
        "token": "6f1c3c56-5a3b-4d52-9b5e-0f6c0c1d2e3f",
        field: typed,
    }
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
    client, coordinator, event, make_volunteer, field, typed
):
    """A subject is one line (a line break would be a header of its own); a message may have several."""
    from portal.notifications.models import Delivery

    signup = services.sign_up(make_volunteer("somsak"), event)
    data = {
        "subject": "แจ้งเปลี่ยนสถานที่",
        "message": "พบกันที่ศาลาวัด",
        "channels": ["email"],
        "token": "6f1c3c56-5a3b-4d52-9b5e-0f6c0c1d2e3f",
        field: typed,
        "signup": [signup.pk],
    }
    response = client.post(f"/admin/notifications/compose/?signup={signup.pk}", data)
    assert_safe(response)
    sent = Delivery.objects.filter(kind="coordinator_message")
    if "://" in typed or (field == "message" and typed in ("สม\r\nชาย", "สม\tชาย")):
        assert response.status_code == 302 and sent.exists()
    else:
        assert_refused_in_thai(response)
        assert not sent.exists()


def test_the_check_in_search_survives_the_round_trip_through_a_check_in(client, coordinator, ours, make_volunteer):
    event = EventFactory(programme=ours, title="อบรมวันนี้", days_ahead=WITHIN_THE_HOUR)  # check-in is open
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
        "/admin/signups/",
        f"/admin/signups/?event={event.pk}",
        f"/admin/signups/inspect/{signup.pk}/",
        "/admin/volunteers/",
        f"/admin/volunteers/inspect/{profile.pk}/",
        f"/events/{event.pk}/check-in/?q=" + quote(SCRIPT),
        f"/events/{event.pk}/check-in/?q=alert",
        f"/admin/notifications/compose/?signup={signup.pk}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response)
    assert "&lt;script&gt;" in client.get(f"/admin/signups/inspect/{signup.pk}/").content.decode()
    assert client.get(f"/events/{event.pk}/check-in/?q=alert").context["found"][0] == signup

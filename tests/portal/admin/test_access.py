"""Every admin URL of programmes, events, sign-ups, volunteers and exports, for every role, with
the ids of one programme: its own coordinator and admins get in; the coordinator of another
programme finds nothing ("not found"); editors, approvers and volunteers never see a volunteer's data."""

import pytest

from portal.events.models import SignupStatus
from tests.portal.admin.conftest import make_event

pytestmark = pytest.mark.django_db

OK, DENIED, NOT_FOUND, LOGIN = "ok", "denied", "not found", "login"
TO_COMPOSE, TO_SHEET, BACK_TO_LISTING = "to the message form", "to the sign-in sheet", "back to the listing"
TO_CHECK_IN = "to the event's check-in page"
KEPT = "refused, back to the event's form"  # an event with sign-ups is cancelled, not deleted
ROLES = ["anonymous", "volunteer", "editor", "approver", "coordinator", "other_coordinator", "admin"]


def expected(outcomes, role):
    """outcomes: what (this programme's coordinator, another programme's coordinator, editors[, admins]) get."""
    own, other, editor, *admin = outcomes
    admin = admin[0] if admin else own if own in (TO_COMPOSE, TO_SHEET, TO_CHECK_IN) else OK
    return {"anonymous": LOGIN, "volunteer": LOGIN, "editor": editor, "approver": editor, "coordinator": own,
            "other_coordinator": other, "admin": admin}[role]


@pytest.fixture
def urls(ours, make_signup):
    event = make_event(ours, "อบรมอาสาสมัคร", requires_approval=True)
    signup = make_signup(event, "somsri")
    assert signup.status == SignupStatus.PENDING
    profile = signup.user.profile
    programme, snippets = "/admin/programmes", "/admin/snippets/portal_events/event"
    bulk = "/admin/bulk/portal_events/signup"
    listing = (OK, OK, DENIED)  # another programme's coordinator sees their own rows, not these
    one_object = (OK, NOT_FOUND, DENIED)
    # Wagtail looks these objects up before it checks the model permission, so whoever lacks the
    # permission gets "not found" rather than "denied".
    looked_up_first = (OK, NOT_FOUND, NOT_FOUND)
    # Volunteers' lists and sheets of another programme's event: refused outright by the exports.
    export = (OK, DENIED, DENIED)
    return {
        f"{programme}/": listing,
        f"{programme}/new/": (DENIED, DENIED, DENIED),
        f"{programme}/edit/{ours.pk}/": one_object,
        f"{programme}/delete/{ours.pk}/": (DENIED, NOT_FOUND, NOT_FOUND),
        f"{programme}/history/{ours.pk}/": looked_up_first,
        f"{programme}/usage/{ours.pk}/": looked_up_first,
        f"{snippets}/": listing,
        f"{snippets}/add/": listing,
        f"{snippets}/edit/{event.pk}/": looked_up_first,
        f"{snippets}/delete/{event.pk}/": (DENIED, NOT_FOUND, NOT_FOUND, KEPT),
        f"{snippets}/history/{event.pk}/": looked_up_first,
        f"{snippets}/usage/{event.pk}/": looked_up_first,
        "/admin/signups/": listing,
        f"/admin/signups/results/?event={event.pk}": listing,
        f"/admin/signups/inspect/{signup.pk}/": looked_up_first,
        f"/admin/signups/sign-in-sheet/?event={event.pk}": (TO_SHEET, BACK_TO_LISTING, DENIED),
        f"/admin/signups/check-in/?event={event.pk}": (TO_CHECK_IN, BACK_TO_LISTING, DENIED),
        **{f"{bulk}/{action}/?id={signup.pk}": one_object
           for action in ("approve", "reject", "waitlist", "check_in", "undo_check_in")},
        f"{bulk}/message/?id={signup.pk}": (TO_COMPOSE, NOT_FOUND, DENIED),
        "/admin/volunteers/": listing,
        f"/admin/volunteers/inspect/{profile.pk}/": looked_up_first,
        f"/admin/exports/signups.csv?event={event.pk}": export,
        f"/admin/exports/signups.xlsx?event={event.pk}": export,
        f"/admin/exports/events/{event.pk}/sign-in-sheet.pdf": export,
        f"/admin/exports/events/{event.pk}/summary.pdf": export,
        f"/admin/exports/events/{event.pk}/summary.xlsx": export,
    }


def outcome(response):
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 403:
        return DENIED
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return LOGIN
        if location == "/admin/":  # Wagtail's answer to PermissionDenied: home, with a message
            return DENIED
        if location.startswith("/admin/notifications/compose/"):
            return TO_COMPOSE
        if location.startswith("/admin/exports/events/") and location.endswith("/sign-in-sheet.pdf"):
            return TO_SHEET
        if location == f"/events/{location.split('/')[2]}/check-in/":
            return TO_CHECK_IN
        if location.startswith("/admin/signups/?"):
            return BACK_TO_LISTING
        if location.startswith("/admin/snippets/portal_events/event/edit/"):
            return KEPT
    return f"{response.status_code} {response.get('Location', '')}"


def test_every_admin_url_for_every_role(client, staff, urls, theirs):
    mismatches = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(staff[role])
        for url, outcomes in urls.items():
            got, want = outcome(client.get(url)), expected(outcomes, role)
            if got != want:
                mismatches.append(f"{role:18} {url:60} got {got}, expected {want}")
    assert not mismatches, "\n".join(mismatches)

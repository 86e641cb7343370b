"""Every admin URL of programmes, events, sign-ups, volunteers and exports, for every role, with
the ids of one programme: its own coordinator and admins get in; the coordinator of another
programme finds nothing ("not found"); editors, approvers and volunteers never see a volunteer's data."""

import pytest

from tests.fixtures.admin_urls import (
    BACK_TO_LISTING,
    DENIED,
    KEPT,
    LOGIN,
    NOT_FOUND,
    OK,
    TO_CHECK_IN,
    TO_COMPOSE,
    TO_SHEET,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "volunteer", "editor", "approver", "coordinator", "other_coordinator", "admin"]


def expected(outcomes, role):
    """outcomes: what (this programme's coordinator, another programme's coordinator, editors[, admins]) get."""
    own, other, editor, *admin = outcomes
    admin = admin[0] if admin else own if own in (TO_COMPOSE, TO_SHEET, TO_CHECK_IN) else OK
    return {
        "anonymous": LOGIN,
        "volunteer": LOGIN,
        "editor": editor,
        "approver": editor,
        "coordinator": own,
        "other_coordinator": other,
        "admin": admin,
    }[role]


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


def test_every_admin_url_for_every_role(client, staff, admin_urls, theirs):
    mismatches = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(staff[role])
        for url, outcomes in admin_urls.items():
            got, want = outcome(client.get(url)), expected(outcomes, role)
            if got != want:
                mismatches.append(f"{role:18} {url:60} got {got}, expected {want}")
    assert not mismatches, "\n".join(mismatches)

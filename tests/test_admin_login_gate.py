"""Every admin URL, Wagtail's own included, sends a visitor who is not signed in to the login; the
admin's own password reset is gone; its login page sends everyone to the portal's one login."""

import re
import uuid

import pytest

from tests.url_access import DENIED, LOGIN, NOT_FOUND, REDIRECT, STAFF, all_routes, everyone, outcome, walk_matrix

pytestmark = pytest.mark.django_db


# Wagtail's own regular-expression routes, with a path each of them matches.
REGEX_SAMPLES = {
    (
        r"admin/pages/(?P<pk>\d+)/revisions/compare/"
        r"(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$"
    ): "/admin/pages/1/revisions/compare/earliest...latest/",
    r"admin/exports/signups\.(?P<fmt>csv|xlsx)$": "/admin/exports/signups.csv",
    r"admin/exports/events/(?P<event_id>[0-9]+)/summary\.(?P<fmt>pdf|xlsx)$": "/admin/exports/events/1/summary.pdf",
    "admin/.*/$": "/admin/anything/",
}
CONVERTER_SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}
# What a visitor needs before signing in: the admin's icons and the translations its scripts use. Its
# own password reset is switched off (staff reset theirs where everyone does: allauth's, rate-limited).
ADMIN_OPEN_TO_ALL = {"admin/sprite/", "admin/jsi18n/"}
ADMIN_SWITCHED_OFF = {
    "admin/password_reset/",
    "admin/password_reset/done/",
    "admin/password_reset/confirm/<uidb64>/<token>/",
    "admin/password_reset/complete/",
}


def sample_path(route):
    if route in REGEX_SAMPLES:
        return REGEX_SAMPLES[route]
    assert "(" not in route, f"add a sample path for {route} to REGEX_SAMPLES"
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda match: CONVERTER_SAMPLES[match.group(1) or "str"], route)
    return "/" + path


def test_every_admin_url_sends_a_visitor_to_the_login(client):
    excluded = ADMIN_OPEN_TO_ALL | ADMIN_SWITCHED_OFF
    routes = [route for route in all_routes() if route.startswith("admin/") and route not in excluded]
    assert len(routes) > 200
    wrong = []
    for route in routes:
        got = outcome(client.get(sample_path(route)))
        if got != LOGIN:
            wrong.append(f"{route}: {got}")
    assert not wrong, "\n".join(wrong)


def test_the_admins_own_password_reset_is_gone_for_everyone(client, people):
    mismatches = walk_matrix(
        client, people, {route: [(sample_path(route), everyone(NOT_FOUND))] for route in ADMIN_SWITCHED_OFF}
    )
    assert not mismatches, "\n".join(mismatches)


def test_the_admin_login_page_sends_everyone_to_the_one_login(client, people):
    """Anonymous: to the portal's log-in page; staff: on into the admin; volunteers: a page saying it
    is for staff. A password posted to it is never looked at (tests/portal/accounts/test_logins.py)."""
    outcomes = {**dict.fromkeys(STAFF, REDIRECT), "anonymous": LOGIN, "volunteer": DENIED, "other_volunteer": DENIED}
    table = {"admin/login/": [("/admin/login/?next=/admin/pages/", outcomes)]}
    mismatches = walk_matrix(client, people, table)
    assert not mismatches, "\n".join(mismatches)

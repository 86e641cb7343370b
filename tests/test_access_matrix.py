"""Every URL of the site, for every role, with real ids: whose sign-up it is, whose programme's
event it is. The URL list comes from the URLconf, so a new URL without an expectation here fails.

The admin URLs of programmes, events, sign-ups, volunteers and exports are checked role by role in
tests/portal/admin/test_access.py; here they only have to be listed there (or in more_admin_urls,
tests/fixtures/access.py), and every other admin URL, Wagtail's own included, must send a visitor who
is not signed in to the login (tests/test_admin_login_gate.py)."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.urls import resolve
from django.utils import timezone

from cms.models import AnnouncementIndexPage, AnnouncementPage, HomePage, StandardPage
from cms.thai_slugs import PAGE_SERVE_ROUTE
from portal.accounts.guardians import request_guardian_consent
from portal.accounts.services import profile_of
from portal.events.models import CalendarFeed
from portal.notifications.models import Delivery
from portal.notifications.unsubscribe import unsubscribe_token
from tests.url_access import (
    GONE,
    LOGIN,
    MEMBERS,
    MOVED,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    POST_ONLY,
    PUBLIC,
    REDIRECT,
    UNAUTHORIZED,
    all_routes,
    everyone,
    only,
    signed_in,
    walk_matrix,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_urls(people):
    """route → [(url, {role: outcome}), ...]; each route needs at least one entry."""
    mine, others, event, other_event = people["mine"], people["others"], people["event"], people["other_event"]
    minor = profile_of(people["other_volunteer"])
    minor.date_of_birth = minor.date_of_birth.replace(year=timezone.localdate().year - 15)
    minor.save()
    guardian = request_guardian_consent(minor, "นางสมศรี", "แม่", "0898765432", "mother@example.org")
    expired = request_guardian_consent(
        profile_of(people["volunteer"]),
        "นางสมศรี",
        "แม่",
        "0898765432",
        "mother@example.org",
        now=timezone.now() - datetime.timedelta(days=30),
    )
    feed = CalendarFeed.objects.create(user=people["volunteer"])
    home = HomePage.objects.live().first()
    index = AnnouncementIndexPage.objects.live().first()
    announcement = AnnouncementPage.objects.live().first()
    standard = StandardPage.objects.live().first()
    assert home and index and announcement and standard, "the demo content has every page type"
    coordinators = ["coordinator", "admin"]
    return {
        "healthz": [("/healthz", PUBLIC)],
        "healthz/live": [("/healthz/live", PUBLIC)],
        "healthz/ready": [("/healthz/ready", PUBLIC)],
        r"documents/(\d+)/(.*)$": [("/documents/999999/missing.pdf", everyone(NOT_FOUND))],
        "documents/authenticate_with_password/<int:restriction_id>/": [
            ("/documents/authenticate_with_password/999999/", everyone(NOT_FOUND))
        ],
        "i18n/setlang/": [("/i18n/setlang/", everyone(REDIRECT))],
        "sitemap.xml": [("/sitemap.xml", PUBLIC)],
        "robots.txt": [("/robots.txt", PUBLIC)],
        "favicon.ico": [("/favicon.ico", everyone(MOVED))],
        # allauth: the sign-in and sign-up pages send a signed-in person on; account pages need a sign-in.
        "accounts/login/": [("/accounts/login/", signed_in(REDIRECT, anonymous=OK))],
        "accounts/logout/": [("/accounts/logout/", signed_in(OK, anonymous=REDIRECT))],
        "accounts/inactive/": [("/accounts/inactive/", PUBLIC)],
        "accounts/signup/": [("/accounts/signup/", signed_in(REDIRECT, anonymous=OK))],
        "accounts/reauthenticate/": [("/accounts/reauthenticate/", MEMBERS)],
        "accounts/email/": [("/accounts/email/", MEMBERS)],
        "accounts/confirm-email/": [("/accounts/confirm-email/", PUBLIC)],
        "accounts/password/change/": [("/accounts/password/change/", MEMBERS)],
        # a person who has a password is sent to change it instead
        "accounts/password/set/": [("/accounts/password/set/", signed_in(REDIRECT))],
        "accounts/password/reset/": [("/accounts/password/reset/", PUBLIC)],
        # no code was asked for
        "accounts/login/code/confirm/": [("/accounts/login/code/confirm/", signed_in(REDIRECT))],
        r"accounts/confirm-email/(?P<key>[-:\w]+)/$": [("/accounts/confirm-email/not-a-key/", PUBLIC)],
        "accounts/password/reset/key/done/": [("/accounts/password/reset/key/done/", PUBLIC)],
        r"accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": [
            ("/accounts/password/reset/key/1-not-a-key/", PUBLIC)
        ],
        "accounts/password/reset/done/": [("/accounts/password/reset/done/", PUBLIC)],
        "accounts/3rdparty/login/cancelled/": [("/accounts/3rdparty/login/cancelled/", PUBLIC)],
        "accounts/3rdparty/login/error/": [("/accounts/3rdparty/login/error/", everyone(UNAUTHORIZED))],
        # no LINE sign-in under way
        "accounts/3rdparty/signup/": [("/accounts/3rdparty/signup/", everyone(LOGIN))],
        "accounts/3rdparty/": [("/accounts/3rdparty/", MEMBERS)],
        # allauth's old addresses move to /accounts/3rdparty/
        "accounts/social/login/cancelled/": [("/accounts/social/login/cancelled/", everyone(MOVED))],
        "accounts/social/login/error/": [("/accounts/social/login/error/", everyone(MOVED))],
        "accounts/social/signup/": [("/accounts/social/signup/", everyone(MOVED))],
        "accounts/social/connections/": [("/accounts/social/connections/", everyone(MOVED))],
        # LINE Login is off until a channel is configured (docs/line.md)
        "accounts/line/login/": [("/accounts/line/login/", everyone(NOT_FOUND))],
        "accounts/line/login/callback/": [("/accounts/line/login/callback/", everyone(NOT_FOUND))],
        "accounts/sessions/": [("/accounts/sessions/", MEMBERS)],
        # LINE's webhook takes only POSTs (signed, tests/portal/notifications/test_line_webhook.py); LIFF is off
        # until configured (tests/portal/accounts/test_liff.py)
        "line/webhook/": [("/line/webhook/", everyone(NOT_ALLOWED))],
        "line/liff/": [("/line/liff/", everyone(NOT_FOUND))],
        "line/liff/<path:rest>": [(f"/line/liff/events/{event.pk}/", everyone(NOT_FOUND))],
        "line/liff-login/": [("/line/liff-login/", everyone(NOT_ALLOWED))],
        "profile/": [("/profile/", MEMBERS)],
        "profile/edit/": [("/profile/edit/", MEMBERS)],
        "profile/address-options/": [("/profile/address-options/?province=63", PUBLIC)],
        "profile/consent/": [("/profile/consent/", MEMBERS)],
        # only a minor needs a guardian (other_volunteer is fifteen here); adults are sent back to their profile
        "profile/guardian/": [("/profile/guardian/", {**signed_in(REDIRECT), "other_volunteer": OK})],
        "profile/my-data/": [("/profile/my-data/", MEMBERS)],
        "profile/my-data.json": [("/profile/my-data.json", MEMBERS)],
        "profile/delete/": [("/profile/delete/", MEMBERS)],
        # The link is the key: anyone holding it may open it, until it expires; the minor never sees it.
        "guardian/<str:token>/": [
            (guardian.link.removeprefix(settings.SITE_URL), PUBLIC),
            (expired.link.removeprefix(settings.SITE_URL), everyone(GONE)),
            (f"/guardian/{uuid.uuid4()}/", everyone(NOT_FOUND)),
        ],
        "events/": [("/events/", PUBLIC)],
        "events/mine/": [("/events/mine/", MEMBERS)],
        "events/<int:pk>/": [(f"/events/{event.pk}/", PUBLIC), (f"/events/{other_event.pk}/", PUBLIC)],
        "events/<int:pk>/register/": [(f"/events/{event.pk}/register/", POST_ONLY)],
        "events/<int:pk>/calendar.ics": [(f"/events/{event.pk}/calendar.ics", PUBLIC)],
        "events/<int:pk>/check-in/": [
            (f"/events/{event.pk}/check-in/", only(coordinators)),
            (f"/events/{other_event.pk}/check-in/", only(["other_coordinator", "admin"])),
        ],
        # What the check-in page keeps for offline use: its coordinators' only (tests/portal/events/test_offline_check_in.py)
        "events/<int:pk>/check-in/roster.json": [
            (f"/events/{event.pk}/check-in/roster.json", only(coordinators)),
            (f"/events/{other_event.pk}/check-in/roster.json", only(["other_coordinator", "admin"])),
        ],
        "events/<int:pk>/check-in/manifest.webmanifest": [
            (f"/events/{event.pk}/check-in/manifest.webmanifest", only(coordinators)),
            (f"/events/{other_event.pk}/check-in/manifest.webmanifest", only(["other_coordinator", "admin"])),
        ],
        "events/<int:pk>/check-in/sync": [(f"/events/{event.pk}/check-in/sync", POST_ONLY)],
        "events/check-in-worker.js": [("/events/check-in-worker.js", PUBLIC)],
        "events/<int:pk>/photos/": [
            (f"/events/{event.pk}/photos/", only(coordinators)),
            (f"/events/{other_event.pk}/photos/", only(["other_coordinator", "admin"])),
        ],
        # Someone else's sign-up is simply not found, whoever asks (coordinators included).
        "events/signups/<int:pk>/cancel/": [
            (f"/events/signups/{mine.pk}/cancel/", only(["volunteer"], others=NOT_FOUND))  # the question
        ],
        "events/signups/<int:pk>/activities/": [(f"/events/signups/{mine.pk}/activities/", POST_ONLY)],
        "events/signups/<int:pk>/qr.svg": [
            (f"/events/signups/{mine.pk}/qr.svg", only(["volunteer"], others=NOT_FOUND)),
            (f"/events/signups/{others.pk}/qr.svg", only(["other_volunteer"], others=NOT_FOUND)),
        ],
        "events/signups/<int:pk>/certificate.pdf": [
            (f"/events/signups/{mine.pk}/certificate.pdf", only(["volunteer"], others=NOT_FOUND)),
            # not checked in yet: no certificate, not even for its owner
            (f"/events/signups/{others.pk}/certificate.pdf", signed_in(NOT_FOUND)),
        ],
        "events/calendar/<uuid:token>.ics": [
            (f"/events/calendar/{feed.token}.ics", PUBLIC),
            (f"/events/calendar/{uuid.uuid4()}.ics", everyone(NOT_FOUND)),
        ],
        "events/calendar/reset/": [("/events/calendar/reset/", POST_ONLY)],
        # A person registered at the desk claims the record with the coordinator's code, once logged in.
        "events/claim/": [("/events/claim/", MEMBERS)],
        # The whole text of a message, for its recipient only.
        "notifications/messages/<uuid:key>/": [
            (
                f"/notifications/messages/{Delivery.objects.filter(recipient=mine.user).first().key}/",
                only(["volunteer"], others=NOT_FOUND),
            ),
            (f"/notifications/messages/{uuid.uuid4()}/", signed_in(NOT_FOUND)),
        ],
        "notifications/unsubscribe/<str:token>/": [
            (f"/notifications/unsubscribe/{unsubscribe_token(mine.user_id)}/", PUBLIC),
            ("/notifications/unsubscribe/forged/", everyone(NOT_FOUND)),
        ],
        "certificates/<str:code>/": [
            (f"/certificates/{mine.certificate_code}/", PUBLIC),
            ("/certificates/NOSUCHCODE/", everyone(NOT_FOUND)),
        ],
        "search/": [("/search/?q=อาสา", PUBLIC)],
        "feed/": [("/feed/", PUBLIC)],
        "feed/atom/": [("/feed/atom/", PUBLIC)],
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": [
            (f"/_util/authenticate_with_password/999999/{home.pk}/", everyone(NOT_FOUND))
        ],
        # Wagtail's private-page log-in leads to the portal's one; it never checks a password itself.
        "_util/login/": [("/_util/login/", signed_in(REDIRECT, anonymous=LOGIN))],
        # Only Wagtail's image folders are ever served from MEDIA_ROOT, and only where SERVE_MEDIA says so.
        "media/<path:path>": [
            ("/media/documents/minutes.pdf", everyone(NOT_FOUND)),
            ("/media/images/../documents/minutes.pdf", everyone(NOT_FOUND)),
        ],
        PAGE_SERVE_ROUTE: [(page.url, PUBLIC) for page in (home, index, announcement, standard)]
        + [("/no-such-page/", everyone(NOT_FOUND))],
    }


def test_every_site_url_for_every_role(client, people, site_urls):
    mismatches = walk_matrix(client, people, site_urls)
    assert not mismatches, "\n".join(mismatches)


def test_portal_admin_urls_not_walked_by_the_admin_matrix(client, people, more_admin_urls):
    mismatches = walk_matrix(client, people, more_admin_urls)
    assert not mismatches, "\n".join(mismatches)


PORTAL_ADMIN = (
    "admin/programmes/",
    "admin/signups/",
    "admin/volunteers/",
    "admin/exports/",
    "admin/notifications/",
    "admin/snippets/portal_events/",
)


def is_portal_admin(route, pattern):
    return route.startswith(PORTAL_ADMIN) or getattr(pattern.callback, "__module__", "").startswith("portal.")


def test_every_url_has_an_expectation(site_urls, admin_urls, more_admin_urls):
    routes = all_routes()
    site = {route for route in routes if not route.startswith("admin/")}
    assert site - set(site_urls) == set(), "site URLs without an expectation in site_urls"
    assert set(site_urls) - site == set(), "expectations for URLs that no longer exist"
    walked_by_admin_matrix = {resolve(url.split("?")[0]).route for url in admin_urls}
    portal_admin = {
        route for route, pattern in routes.items() if route.startswith("admin/") and is_portal_admin(route, pattern)
    }
    missing = portal_admin - walked_by_admin_matrix - set(more_admin_urls)
    assert missing == set(), "portal admin URLs in neither tests/portal/admin/test_access.py nor more_admin_urls"
    assert set(more_admin_urls) <= portal_admin

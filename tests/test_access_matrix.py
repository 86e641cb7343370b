"""Every URL of the site, for every role, with real ids: whose sign-up it is, whose programme's
event it is. The URL list comes from the URLconf, so a new URL without an expectation here fails.

The admin URLs of programmes, events, sign-ups, volunteers and exports are checked role by role in
tests/portal/admin/test_access.py; here they only have to be listed there (or below), and every
other admin URL, Wagtail's own included, must send a visitor who is not signed in to the login."""

import datetime
import re
import uuid

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone

from cms.models import AnnouncementIndexPage, AnnouncementPage, HomePage, StandardPage
from cms.thai_slugs import PAGE_SERVE_ROUTE
from portal.accounts.guardians import request_guardian_consent
from portal.accounts.models import ConsentPurpose
from portal.accounts.services import profile_of, record_consent
from portal.events import services
from portal.events.models import CalendarFeed, Signup, SignupStatus
from portal.exports.models import ExportJob
from portal.notifications.models import Delivery
from portal.notifications.unsubscribe import unsubscribe_token
from tests.portal.admin.conftest import WITHIN_THE_HOUR, make_event

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "volunteer", "other_volunteer", "editor", "approver", "coordinator", "other_coordinator", "admin"]
OK, LOGIN, DENIED, NOT_FOUND, NOT_ALLOWED, REDIRECT = "ok", "login", "denied", "not found", "not allowed", "redirect"
UNAUTHORIZED, MOVED, GONE = "unauthorized", "moved permanently", "gone"


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome, anonymous=LOGIN):
    return {**everyone(outcome), "anonymous": anonymous}


def only(allowed, outcome=OK, others=DENIED, anonymous=LOGIN):
    return {**signed_in(others, anonymous), **dict.fromkeys(allowed, outcome)}


STAFF = ["editor", "approver", "coordinator", "other_coordinator", "admin"]
PUBLIC = everyone(OK)
MEMBERS = signed_in(OK)
POST_ONLY = signed_in(NOT_ALLOWED)


def join(prefix, piece):
    """As Django joins routes for ResolverMatch.route, so both name a URL the same way."""
    return prefix + piece.removeprefix("^") if prefix else piece


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, join(prefix, str(pattern.pattern)))
        else:
            yield join(prefix, str(pattern.pattern)), pattern


def all_routes():
    return {route: pattern for route, pattern in walk(get_resolver().url_patterns)}


@pytest.fixture
def people(staff, make_volunteer, make_signup, ours, theirs):
    for user in staff.values():
        record_consent(user, {ConsentPurpose.PARTICIPATION: True})
    event = make_event(ours, "อบรมนวัตกรสังคม", days_ahead=WITHIN_THE_HOUR)
    other_event = make_event(theirs, "งานของโครงการอื่น")
    mine = make_signup(event, "somchai")
    services.check_in(mine, by=staff["coordinator"])
    mine.refresh_from_db()
    others = make_signup(event, "somsak")
    return {
        **{role: user for role, user in staff.items() if role != "volunteer"},
        "volunteer": mine.user,
        "other_volunteer": others.user,
        "mine": mine,
        "others": others,
        "event": event,
        "other_event": other_event,
    }


@pytest.fixture
def site_urls(people):
    """route → [(url, {role: outcome}), ...]; each route needs at least one entry."""
    mine, others, event, other_event = people["mine"], people["others"], people["event"], people["other_event"]
    minor = profile_of(people["other_volunteer"])
    minor.date_of_birth = minor.date_of_birth.replace(year=timezone.localdate().year - 15)
    minor.save()
    guardian = request_guardian_consent(minor, "นางสมศรี", "แม่", "0898765432", "mother@example.org")
    expired = request_guardian_consent(profile_of(people["volunteer"]), "นางสมศรี", "แม่", "0898765432",
                                       "mother@example.org", now=timezone.now() - datetime.timedelta(days=30))
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
        # Someone else's sign-up is simply not found, whoever asks (coordinators included).
        "events/signups/<int:pk>/cancel/": [
            (f"/events/signups/{mine.pk}/cancel/", only(["volunteer"], others=NOT_FOUND)),  # the question
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
            (f"/notifications/messages/{Delivery.objects.filter(recipient=mine.user).first().key}/",
             only(["volunteer"], others=NOT_FOUND)),
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
        "media/<path:path>": [("/media/documents/minutes.pdf", everyone(NOT_FOUND)),
                              ("/media/images/../documents/minutes.pdf", everyone(NOT_FOUND))],
        PAGE_SERVE_ROUTE: [
            (page.url, PUBLIC) for page in (home, index, announcement, standard)
        ] + [("/no-such-page/", everyone(NOT_FOUND))],
    }


# Portal admin URLs that tests/portal/admin/test_access.py does not walk: {route: [(url, {role: outcome})]}.
@pytest.fixture
def more_admin_urls(people):
    event, other_event = people["event"], people["other_event"]
    job = ExportJob.objects.create(requested_by=people["coordinator"], file_format="csv", language="th")
    staff_only = {**signed_in(DENIED), "volunteer": LOGIN, "other_volunteer": LOGIN}
    coordinators = {**staff_only, "coordinator": OK, "other_coordinator": OK, "admin": OK}
    staff_ok = {**staff_only, **dict.fromkeys(STAFF, OK)}
    draft = make_event(event.programme, "ร่างของโครงการนี้")
    draft.status = "draft"
    draft.save()
    return {
        "admin/programmes/results/": [("/admin/programmes/results/", coordinators)],
        "admin/programmes/history-results/<int:pk>/": [
            (f"/admin/programmes/history-results/{event.programme_id}/",
             {**staff_only, "coordinator": OK, "other_coordinator": NOT_FOUND, "admin": OK, "editor": NOT_FOUND,
              "approver": NOT_FOUND})
        ],
        "admin/snippets/portal_events/event/results/": [("/admin/snippets/portal_events/event/results/", coordinators)],
        "admin/snippets/portal_events/event/history-results/<int:pk>/": [
            (f"/admin/snippets/portal_events/event/history-results/{event.pk}/",
             {**staff_only, "coordinator": OK, "other_coordinator": NOT_FOUND, "admin": OK, "editor": NOT_FOUND,
              "approver": NOT_FOUND})
        ],
        "admin/volunteers/results/": [("/admin/volunteers/results/", coordinators)],
        # The event chooser (an announcement's event card): a coordinator's own programmes' events; editors
        # and approvers published ones, which are public anyway; another programme's draft for nobody.
        "admin/snippets/choose/portal_events/event/": [("/admin/snippets/choose/portal_events/event/", staff_ok)],
        "admin/snippets/choose/portal_events/event/results/": [
            ("/admin/snippets/choose/portal_events/event/results/?q=x", staff_ok)],
        "admin/snippets/choose/portal_events/event/chosen/<str:pk>/": [
            (f"/admin/snippets/choose/portal_events/event/chosen/{event.pk}/",
             {**staff_ok, "other_coordinator": NOT_FOUND}),
            (f"/admin/snippets/choose/portal_events/event/chosen/{draft.pk}/",
             {**staff_only, **dict.fromkeys(STAFF, NOT_FOUND), "coordinator": OK, "admin": OK}),
            ("/admin/snippets/choose/portal_events/event/chosen/not-a-number/",
             {**staff_only, **dict.fromkeys(STAFF, NOT_FOUND)}),
        ],
        "admin/snippets/choose/portal_events/event/chosen-multiple/": [
            (f"/admin/snippets/choose/portal_events/event/chosen-multiple/?id={draft.pk}", staff_ok)],
        "admin/signups/results/": [("/admin/signups/results/", coordinators)],
        "admin/notifications/compose/": [
            (f"/admin/notifications/compose/?event={event.pk}", {**coordinators, "other_coordinator": DENIED}),
            (f"/admin/notifications/compose/?event={other_event.pk}", {**coordinators, "coordinator": DENIED}),
        ],
        "admin/notifications/events/<int:event_id>/send-reminders/": [
            (f"/admin/notifications/events/{event.pk}/send-reminders/", {**coordinators, "other_coordinator": DENIED})
        ],
        "admin/notifications/deliveries/": [("/admin/notifications/deliveries/", {**staff_only, "admin": OK})],
        "admin/notifications/deliveries/results/": [
            ("/admin/notifications/deliveries/results/", {**staff_only, "admin": OK})
        ],
        "admin/notifications/deliveries/inspect/<int:pk>/": [
            # Wagtail looks the row up before it checks the permission
            ("/admin/notifications/deliveries/inspect/999999/", {**staff_only, **dict.fromkeys(STAFF, NOT_FOUND)})
        ],
        "admin/notifications/deliveries/retry/<int:pk>/": [
            ("/admin/notifications/deliveries/retry/999999/", {**staff_only, **dict.fromkeys(STAFF, NOT_ALLOWED)})
        ],
        "admin/exports/jobs/<uuid:job_id>/": [
            (f"/admin/exports/jobs/{job.pk}/", {**staff_only, "coordinator": OK, "other_coordinator": NOT_FOUND,
                                                "admin": NOT_FOUND, "editor": NOT_FOUND, "approver": NOT_FOUND})
        ],
        "admin/exports/jobs/<uuid:job_id>/retry": [
            (f"/admin/exports/jobs/{job.pk}/retry", {**staff_only, **dict.fromkeys(STAFF, NOT_ALLOWED)})
        ],
        "admin/exports/jobs/<uuid:job_id>/download": [
            (f"/admin/exports/jobs/{job.pk}/download", {**staff_only, "coordinator": "409",
                                                        "other_coordinator": NOT_FOUND, "admin": NOT_FOUND,
                                                        "editor": NOT_FOUND, "approver": NOT_FOUND})
        ],
    }


def outcome(response):
    code = response.status_code
    if code in (200, 301, 401, 403, 404, 405, 410):
        return {200: OK, 301: MOVED, 401: UNAUTHORIZED, 403: DENIED, 404: NOT_FOUND, 405: NOT_ALLOWED, 410: GONE}[code]
    if code == 302:
        location = response["Location"]
        if location.startswith(("/accounts/login/", "/admin/login/")):
            return LOGIN
        if location == "/admin/":  # Wagtail's answer to PermissionDenied
            return DENIED
        return REDIRECT
    return str(code)


def walk_matrix(client, people, table):
    mismatches = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        for route, entries in table.items():
            for url, expectations in entries:
                got = outcome(client.get(url))
                if got != expectations[role]:
                    mismatches.append(f"{role:18} {url:70} got {got}, expected {expectations[role]}")
    return mismatches


def test_every_site_url_for_every_role(client, people, site_urls):
    mismatches = walk_matrix(client, people, site_urls)
    assert not mismatches, "\n".join(mismatches)


def test_portal_admin_urls_not_walked_by_the_admin_matrix(client, people, more_admin_urls):
    mismatches = walk_matrix(client, people, more_admin_urls)
    assert not mismatches, "\n".join(mismatches)


PORTAL_ADMIN = ("admin/programmes/", "admin/signups/", "admin/volunteers/", "admin/exports/", "admin/notifications/",
                "admin/snippets/portal_events/")


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


# Wagtail's own regular-expression routes, with a path each of them matches.
REGEX_SAMPLES = {
    (r"admin/pages/(?P<pk>\d+)/revisions/compare/"
     r"(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$"):
        "/admin/pages/1/revisions/compare/earliest...latest/",
    r"admin/exports/signups\.(?P<fmt>csv|xlsx)$": "/admin/exports/signups.csv",
    r"admin/exports/events/(?P<event_id>[0-9]+)/summary\.(?P<fmt>pdf|xlsx)$": "/admin/exports/events/1/summary.pdf",
    "admin/.*/$": "/admin/anything/",
}
CONVERTER_SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}
# What a visitor needs before signing in: the admin's icons and the translations its scripts use. Its
# own password reset is switched off (staff reset theirs where everyone does: allauth's, rate-limited).
ADMIN_OPEN_TO_ALL = {"admin/sprite/", "admin/jsi18n/"}
ADMIN_SWITCHED_OFF = {"admin/password_reset/", "admin/password_reset/done/",
                      "admin/password_reset/confirm/<uidb64>/<token>/", "admin/password_reset/complete/"}


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
    mismatches = walk_matrix(client, people, {
        route: [(sample_path(route), everyone(NOT_FOUND))] for route in ADMIN_SWITCHED_OFF
    })
    assert not mismatches, "\n".join(mismatches)


def test_the_admin_login_page_sends_everyone_to_the_one_login(client, people):
    """Anonymous: to the portal's log-in page; staff: on into the admin; volunteers: a page saying it
    is for staff. A password posted to it is never looked at (tests/portal/accounts/test_logins.py)."""
    outcomes = {**dict.fromkeys(STAFF, REDIRECT), "anonymous": LOGIN, "volunteer": DENIED, "other_volunteer": DENIED}
    table = {"admin/login/": [("/admin/login/?next=/admin/pages/", outcomes)]}
    mismatches = walk_matrix(client, people, table)
    assert not mismatches, "\n".join(mismatches)


# --- what a POST by the wrong person does: nothing ---------------------------------------------


def post_as(client, user, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return outcome(client.post(url, data or {}))


def test_cancelling_someone_elses_signup_changes_nothing(client, people):
    mine = people["mine"]
    assert post_as(client, people["other_volunteer"], f"/events/signups/{mine.pk}/cancel/") == NOT_FOUND
    assert post_as(client, people["coordinator"], f"/events/signups/{mine.pk}/cancel/") == NOT_FOUND
    assert post_as(client, None, f"/events/signups/{mine.pk}/cancel/") == LOGIN
    mine.refresh_from_db()
    assert mine.status == SignupStatus.CONFIRMED


def test_registering_without_an_account_changes_nothing(client, people):
    before = Signup.objects.count()
    assert post_as(client, None, f"/events/{people['other_event'].pk}/register/") == LOGIN
    assert Signup.objects.count() == before


def test_checking_in_at_an_event_one_does_not_coordinate_changes_nothing(client, people):
    others, url = people["others"], f"/events/{people['event'].pk}/check-in/"
    for role in ("other_volunteer", "volunteer", "editor", "approver", "other_coordinator"):
        assert post_as(client, people[role], url, {"signup": others.pk}) == DENIED, role
    assert post_as(client, None, url, {"signup": others.pk}) == LOGIN
    others.refresh_from_db()
    assert others.checked_in_at is None


def test_resetting_the_calendar_address_without_an_account_changes_nothing(client, people):
    feed = CalendarFeed.objects.create(user=people["volunteer"])
    assert post_as(client, None, "/events/calendar/reset/") == LOGIN
    assert CalendarFeed.objects.get(user=people["volunteer"]).token == feed.token


def test_a_forged_unsubscribe_link_changes_nothing(client, people):
    assert post_as(client, None, "/notifications/unsubscribe/forged/") == NOT_FOUND
    assert profile_of(people["volunteer"]).notify_by_email


def test_another_programmes_coordinator_cannot_approve_or_remind(client, people, make_signup, ours):
    from portal.notifications.models import Delivery

    pending = make_signup(make_event(ours, "ต้องอนุมัติ", requires_approval=True), "somying")
    approve = f"/admin/bulk/portal_events/signup/approve/?id={pending.pk}"
    for role in ("other_coordinator", "editor", "approver", "volunteer"):
        post_as(client, people[role], approve)
    assert post_as(client, None, approve) == LOGIN
    pending.refresh_from_db()
    assert pending.status == SignupStatus.PENDING

    reminders = f"/admin/notifications/events/{people['event'].pk}/send-reminders/"
    assert post_as(client, people["other_coordinator"], reminders) == DENIED
    assert post_as(client, people["volunteer"], reminders) == LOGIN
    assert not Delivery.objects.filter(kind="reminder").exists()
    # and the one who may, can: the refusals above were not an accident of the set-up
    assert post_as(client, people["coordinator"], approve) == REDIRECT
    pending.refresh_from_db()
    assert pending.status == SignupStatus.CONFIRMED

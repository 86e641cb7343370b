"""The roles of the site-wide access matrix, the outcomes a request can have, and how a table of
{route: [(url, {role: outcome})]} is walked (tests/test_access_matrix.py and its neighbours)."""

from django.urls import URLResolver, get_resolver

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
        for entries in table.values():
            for url, expectations in entries:
                got = outcome(client.get(url))
                if got != expectations[role]:
                    mismatches.append(f"{role:18} {url:70} got {got}, expected {expectations[role]}")
    return mismatches

"""Register inside LINE: the LIFF app's endpoint, SITE_URL/line/liff/<a portal page>.

LINE opens https://liff.line.me/{LIFF ID}/events/12/ in its in-app browser at
SITE_URL/line/liff/events/12/. That page (and no other) loads the LIFF SDK, self-hosted under the
strict policy, which hands it the person's LINE ID token; the page posts the token here with the
nonce the page was given. LINE verifies the token (POST /oauth2/v2.1/verify): only its answer says
who this is, never anything the page sends. Then allauth logs the person in, signs them up, or
links LINE to the account they are logged in with, and they land on the page they asked for.

The nonce: LIFF's SDK cannot put a nonce of ours into the ID token it obtains (liff.login() takes a
redirect URI only), so the nonce is one use of this page in this browser session (valid ten
minutes, used once), returned with the token and checked here before LINE is asked; a token that
does carry a nonce must carry ours, which LINE checks when we send it."""

import base64
import hmac
import json
import secrets
import time

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.line.views import LineOAuth2Adapter
from csp.decorators import csp_update
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal.notifications.line_api import liff_enabled

ISSUER = "https://access.line.me"
NONCE_KEY = "line_liff_nonce"
NONCE_LIFETIME = 10 * 60
NONCES_KEPT = 5
ID_TOKEN_MAX_LENGTH = 4096
# What LINE adds to the endpoint's address when liff.login() comes back to it.
LIFF_LOGIN_PARAMETERS = {"code", "state", "liffClientId", "liffRedirectUri", "error", "error_description"}
# What the LIFF SDK talks to (api.line.me, access.line.me, liff.line.me); the page's scripts stay 'self'.
LIFF_CONNECT_SOURCES = ["https://api.line.me", "https://access.line.me", "https://liff.line.me"]


_LAPSED = gettext_lazy("This sign-in with LINE has expired. Open the page from LINE again.")
_NOT_CONFIRMED = gettext_lazy(
    "LINE could not confirm who you are, so you are not logged in. Open the page from "
    "LINE again, or log in on the portal."
)


class IdTokenRefused(Exception):
    pass


def _payload_has_nonce(id_token):
    """Whether the (not yet verified) token carries a nonce at all: only then is ours sent to LINE."""
    try:
        payload = id_token.split(".")[1]
        return "nonce" in json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, TypeError):
        return False


def verify_id_token(id_token, nonce):
    """The claims of a LIFF ID token, as LINE answers them, once LINE and we agree it is for our
    channel, not expired, from LINE, and (if it has one) with our nonce. Raises IdTokenRefused."""
    if not id_token or len(id_token) > ID_TOKEN_MAX_LENGTH:
        raise IdTokenRefused("no ID token")
    form = {"id_token": id_token, "client_id": settings.LINE_LOGIN_CHANNEL_ID}
    if _payload_has_nonce(id_token):
        form["nonce"] = nonce
    try:
        with get_adapter().get_requests_session() as session:
            answer = session.post(LineOAuth2Adapter.id_token_url, data=form)
        claims = answer.json() if answer.status_code == 200 else None
    except (requests.RequestException, ValueError) as error:
        raise IdTokenRefused(f"LINE could not be asked: {error}") from error
    if not isinstance(claims, dict):
        raise IdTokenRefused(f"LINE refused the token: {answer.status_code} {answer.text[:200]}")
    expires = claims.get("exp")
    if not (
        claims.get("aud") == settings.LINE_LOGIN_CHANNEL_ID
        and claims.get("iss") == ISSUER
        and isinstance(expires, (int, float))
        and expires > time.time()
        and claims.get("sub")
    ):
        raise IdTokenRefused("the claims are not for this channel, or expired")
    if "nonce" in claims and not hmac.compare_digest(str(claims["nonce"]).encode(), nonce.encode()):
        raise IdTokenRefused("another nonce")
    return claims


def _target(request, path):
    """The portal page to land on: a path of this site, never another site's address."""
    path = "/" + (path or "").lstrip("/")
    if path.startswith(("/line/liff", "/line/webhook")) or not url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return path


def _links_line(user):
    return user.is_authenticated and SocialAccount.objects.filter(user=user, provider="line").exists()


@csp_update({"connect-src": LIFF_CONNECT_SOURCES})
@require_GET
def entry(request, rest=""):
    if not liff_enabled():
        raise Http404("LIFF is not configured")
    query = request.GET.copy()
    for name in [name for name in query if name.startswith("liff.") or name in LIFF_LOGIN_PARAMETERS]:
        del query[name]  # LIFF's own, which its SDK reads from this page's address
    target = _target(request, rest) + (f"?{query.urlencode()}" if query else "")
    if _links_line(request.user):
        return redirect(target)
    nonce = secrets.token_urlsafe(24)
    # A few at a time: a page opened twice (two tabs, a reload) still works from either.
    request.session[NONCE_KEY] = [*_fresh_nonces(request)[-(NONCES_KEPT - 1) :], [nonce, time.time()]]
    return _page(
        request, target, {"liff_id": settings.LINE_LIFF_ID, "nonce": nonce, "login_url": reverse("liff_login")}
    )


def _fresh_nonces(request):
    issued = request.session.get(NONCE_KEY)
    if not isinstance(issued, list):
        return []
    return [
        pair
        for pair in issued
        if isinstance(pair, list)
        and len(pair) == 2
        and isinstance(pair[0], str)
        and isinstance(pair[1], (int, float))
        and time.time() - pair[1] < NONCE_LIFETIME
    ]


def _take_nonce(request, nonce):
    """Whether `nonce` is one this session was given and has not used yet (it is used now)."""
    fresh = _fresh_nonces(request)
    found = [pair for pair in fresh if hmac.compare_digest(pair[0].encode(), nonce.encode())]
    request.session[NONCE_KEY] = [pair for pair in fresh if pair not in found]
    return bool(found)


def _page(request, target, context, status=200):
    """In the language of the page asked for (/en/... is English), as the page itself will be."""
    with translation.override(translation.get_language_from_path(target) or settings.LANGUAGE_CODE):
        return render(request, "accounts/liff_entry.html", {"target": target, **context}, status=status)


def _refused(request, target, reason, status):
    return _page(request, target, {"problem": reason}, status)


@require_POST
def login(request):
    if not liff_enabled():
        raise Http404("LIFF is not configured")
    target = _target(request, request.POST.get("next", ""))
    nonce = request.POST.get("nonce", "")
    if not nonce or not _take_nonce(request, nonce):
        return _refused(request, target, _LAPSED, 400)
    try:
        claims = verify_id_token(request.POST.get("id_token", ""), nonce)
    except IdTokenRefused:
        return _refused(request, target, _NOT_CONFIRMED, 401)
    sociallogin = get_adapter(request).get_provider(request, "line").sociallogin_from_response(request, claims)
    sociallogin.state = {"process": "connect" if request.user.is_authenticated else "login", "next": target}
    return complete_social_login(request, sociallogin)

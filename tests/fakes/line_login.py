"""A local fake of LINE Login v2.1 (OAuth 2.1 + OpenID Connect), for tests that must not reach LINE.

`FakeLineLogin` is a real HTTP server on 127.0.0.1 (a free port, a background thread) that answers
the four endpoints django-allauth's LINE provider uses, the way LINE documents them
(https://developers.line.biz/en/docs/line-login/integrate-line-login/ and
https://developers.line.biz/en/reference/line-login/):

- GET  /oauth2/v2.1/authorize  -- visited by the *browser*. Checks client_id and redirect_uri
  (when either is wrong LINE shows its own error page and does not redirect: 400 here), then
  response_type=code, scope and state (wrong ones are sent back to redirect_uri as ?error=...).
  A consenting user is sent back with ?code=...&state=...; a refusing one with
  ?error=access_denied&error_description=...&state=...
- POST /oauth2/v2.1/token      -- server to server. grant_type=authorization_code, code,
  redirect_uri, client_id, client_secret (and code_verifier when PKCE was used). Answers LINE's
  JSON (access_token, expires_in, id_token, refresh_token, scope, token_type) or 400 with
  {"error": "invalid_grant" | "invalid_client" | ..., "error_description": ...}. A code works once.
- POST /oauth2/v2.1/verify     -- server to server. id_token + client_id: checks the id token (an
  HS256 JWT signed with the channel secret, as LINE signs web-login tokens) and answers its claims:
  iss, sub, aud, exp, iat, amr, name, picture, email (nonce when one was sent).
- GET  /v2/profile             -- with "Authorization: Bearer <access token>": userId,
  displayName, pictureUrl, statusMessage (allauth uses it only when "email" is not in the scope).

Every request is recorded (`fake.requests`, `fake.requests_to(TOKEN_PATH)`) so a test can check
what the site sent where -- e.g. that the channel secret went only to the token endpoint.

Who is "logged in to LINE" in the browser is `fake.user` (a `LineUser`); `fake.consent = False`
makes that user press Cancel on LINE's consent screen. `fake.fail(path, status, body)` makes one
endpoint answer an error, to play LINE having a bad day.

Its fixtures, `fake_line` and `line_login`, are in tests/fakes/line_fixtures.py.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tests.fakes.line_id_tokens import b64url, read_id_token, sign_id_token
from tests.fakes.local_http import LocalHttpFake

ISSUER = "https://access.line.me"
AUTHORIZE_PATH = "/oauth2/v2.1/authorize"
TOKEN_PATH = "/oauth2/v2.1/token"  # nosec: a path, not a password
VERIFY_PATH = "/oauth2/v2.1/verify"
PROFILE_PATH = "/v2/profile"

# What the tests configure the site with. A LINE channel ID is a 10-digit number, the secret 32 hex digits.
TEST_CHANNEL_ID = "1657000000"
TEST_CHANNEL_SECRET = "0123456789abcdef0123456789abcdef"  # nosec: test-only
TEST_CALLBACK_URLS = (
    "http://testserver/accounts/line/login/callback/",
    "http://testserver/en/accounts/line/login/callback/",
)

KNOWN_SCOPES = {"profile", "openid", "email", "chat_message.write"}
ACCESS_TOKEN_LIFETIME = 30 * 24 * 3600  # LINE: 30 days
ID_TOKEN_LIFETIME = 3600
CODE_LIFETIME = 10 * 60  # LINE: an authorization code is valid for 10 minutes


@dataclass
class LineUser:
    """A person with a LINE account, as LINE would describe them in an id token."""

    sub: str = field(default_factory=lambda: "U" + secrets.token_hex(16))
    name: str = "สมหญิง ใจดี"
    picture: str = "https://profile.line-scdn.net/0h-fake-picture"
    # None: no e-mail registered in LINE, or the user unticked the e-mail permission on the consent screen.
    email: str | None = "somying.line@example.org"
    status_message: str = ""


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]
    body: str

    @property
    def params(self) -> dict[str, str]:
        return {**self.query, **self.form}


class FakeLineLogin(LocalHttpFake):
    """The fake LINE Platform. Use as a context manager, or start() / stop()."""

    thread_name = "fake-line-login"

    def __init__(
        self,
        channel_id: str = TEST_CHANNEL_ID,
        channel_secret: str = TEST_CHANNEL_SECRET,
        callback_urls=TEST_CALLBACK_URLS,
    ):
        self.channel_id = channel_id
        self.channel_secret = channel_secret
        # The callback URLs registered in the channel's "LINE Login" tab.
        self.callback_urls = list(callback_urls)
        self.user = LineUser()
        self.consent = True
        # The error code sent back when the user refuses. RFC 6749 and allauth spell it "access_denied";
        # LINE's current documentation prints "ACCESS_DENIED" (tests try both).
        self.refusal_error = "access_denied"
        self.requests: list[RecordedRequest] = []
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, LineUser] = {}
        self.failures: dict[str, tuple[int, dict]] = {}
        self._lock = threading.Lock()
        super().__init__()

    @property
    def authorize_url(self):
        return self.url + AUTHORIZE_PATH

    @property
    def token_url(self):
        return self.url + TOKEN_PATH

    @property
    def verify_url(self):
        return self.url + VERIFY_PATH

    @property
    def profile_url(self):
        return self.url + PROFILE_PATH

    # -- for tests ----------------------------------------------------------------------------

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [request for request in self.requests if request.path == path]

    def fail(self, path: str, status: int = 500, body: dict | None = None):
        """From now on, `path` answers `status` with `body` (LINE being down or refusing)."""
        self.failures[path] = (status, body or {"error": "server_error", "error_description": "fake failure"})

    # -- the endpoints ------------------------------------------------------------------------

    def _authorize(self, request: RecordedRequest):
        q = request.query
        # Wrong client_id or redirect_uri: LINE shows an error page and sends the browser nowhere.
        if q.get("client_id") != self.channel_id:
            return self._page(400, "400 Bad Request: invalid client_id")
        redirect_uri = q.get("redirect_uri", "")
        if not self._is_registered(redirect_uri):
            return self._page(400, "400 Bad Request: redirect_uri does not match the registered callback URL")

        state = q.get("state")

        def back_with_error(code, description):
            params = {"error": code, "error_description": description}
            if state:
                params["state"] = state
            return self._redirect(self._add_query(redirect_uri, params))

        if q.get("response_type") != "code":
            return back_with_error("UNSUPPORTED_RESPONSE_TYPE", "response_type must be code")
        scopes = q.get("scope", "").split()
        if not scopes or not set(scopes) <= KNOWN_SCOPES:
            return back_with_error("INVALID_SCOPE", "invalid scope")
        if "openid" not in scopes:
            # LINE accepts profile alone, but without openid there is no id token and no e-mail; this
            # site always asks for openid, so the fake insists on it to catch a broken configuration.
            return back_with_error("INVALID_SCOPE", "openid is required")
        if not state:
            return back_with_error("INVALID_REQUEST", "state is required")
        challenge, method = q.get("code_challenge"), q.get("code_challenge_method")
        if challenge and method != "S256":
            return back_with_error("INVALID_REQUEST", "code_challenge_method must be S256")
        if not self.consent:
            return back_with_error(self.refusal_error, "The resource owner denied the request.")

        code = secrets.token_urlsafe(15)
        with self._lock:
            self.codes[code] = {
                "client_id": q["client_id"],
                "redirect_uri": redirect_uri,
                "scopes": scopes,
                "user": copy.copy(self.user),
                "nonce": q.get("nonce"),
                "code_challenge": challenge,
                "issued_at": time.time(),
                "used": False,
            }
        return self._redirect(self._add_query(redirect_uri, {"code": code, "state": state}))

    def _token(self, request: RecordedRequest):
        f = request.form
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return self._error("invalid_request", "unsupported content type")
        if f.get("grant_type") != "authorization_code":
            return self._error("unsupported_grant_type", "unsupported grant_type")
        if f.get("client_id") != self.channel_id or not hmac.compare_digest(
            f.get("client_secret", ""), self.channel_secret
        ):
            return self._error("invalid_client", "invalid client_id or client_secret")
        with self._lock:
            grant = self.codes.get(f.get("code", ""))
            if grant is None or grant["used"] or time.time() - grant["issued_at"] > CODE_LIFETIME:
                return self._error("invalid_grant", "invalid authorization code")
            grant["used"] = True  # even when the rest of the request is wrong: a code is good for one try
        if grant["client_id"] != f.get("client_id"):
            return self._error("invalid_grant", "invalid authorization code")
        if grant["redirect_uri"] != f.get("redirect_uri"):
            return self._error("invalid_grant", "redirect_uri does not match")
        if grant["code_challenge"]:
            verifier = f.get("code_verifier", "")
            if b64url(hashlib.sha256(verifier.encode()).digest()) != grant["code_challenge"]:
                return self._error("invalid_grant", "invalid code_verifier")

        user, scopes = grant["user"], grant["scopes"]
        access_token = secrets.token_urlsafe(32)
        with self._lock:
            self.access_tokens[access_token] = user
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": user.sub,
            "aud": self.channel_id,
            "exp": now + ID_TOKEN_LIFETIME,
            "iat": now,
            "amr": ["linesso"],
        }
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        if "profile" in scopes:
            claims.update(name=user.name, picture=user.picture)
        if "email" in scopes and user.email:
            claims["email"] = user.email
        return self._json(
            200,
            {
                "access_token": access_token,
                "expires_in": ACCESS_TOKEN_LIFETIME,
                "id_token": sign_id_token(claims, self.channel_secret),
                "refresh_token": secrets.token_urlsafe(16),
                # LINE leaves "email" out of this list even when the user granted it.
                "scope": " ".join(scope for scope in scopes if scope != "email"),
                "token_type": "Bearer",
            },
        )

    def _verify(self, request: RecordedRequest):
        f = request.form
        if not f.get("id_token") or not f.get("client_id"):
            return self._error("invalid_request", "id_token and client_id are required")
        claims = read_id_token(f["id_token"], self.channel_secret)
        if claims is None:
            return self._error("invalid_request", "Invalid IdToken.")
        if claims.get("iss") != ISSUER:
            return self._error("invalid_request", "Invalid IdToken Issuer.")
        if claims.get("exp", 0) < time.time():
            return self._error("invalid_request", "IdToken expired.")
        if claims.get("aud") != f["client_id"]:
            return self._error("invalid_request", "Invalid IdToken Audience.")
        if "nonce" in f and claims.get("nonce") != f["nonce"]:
            return self._error("invalid_request", "Invalid IdToken Nonce.")
        if "user_id" in f and claims.get("sub") != f["user_id"]:
            return self._error("invalid_request", "Invalid IdToken Subject Identifier.")
        return self._json(200, claims)

    def _profile(self, request: RecordedRequest):
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        with self._lock:
            user = self.access_tokens.get(token) if scheme == "Bearer" else None
        if user is None:
            return self._json(401, {"message": "Authentication failed. Confirm that the access token is valid."})
        return self._json(
            200,
            {
                "userId": user.sub,
                "displayName": user.name,
                "pictureUrl": user.picture,
                "statusMessage": user.status_message,
            },
        )

    # -- plumbing -----------------------------------------------------------------------------

    ROUTES = {
        ("GET", AUTHORIZE_PATH): "_authorize",
        ("POST", TOKEN_PATH): "_token",
        ("POST", VERIFY_PATH): "_verify",
        ("GET", PROFILE_PATH): "_profile",
    }

    def _is_registered(self, redirect_uri: str) -> bool:
        # LINE lets the site add query parameters to a registered callback URL; the rest must match.
        parts = urlsplit(redirect_uri)
        return urlunsplit(parts._replace(query="", fragment="")) in self.callback_urls

    @staticmethod
    def _add_query(url: str, params: dict) -> str:
        parts = urlsplit(url)
        query = "&".join(filter(None, [parts.query, urlencode(params)]))
        return urlunsplit(parts._replace(query=query))

    @classmethod
    def _error(cls, code, description, status=400):
        return cls._json(status, {"error": code, "error_description": description})

    def _handle(self, handler: BaseHTTPRequestHandler):
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode("utf-8", "replace") if length else ""
        headers = {name.lower(): value for name, value in handler.headers.items()}
        form = (
            dict(parse_qsl(body))
            if headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
            else {}
        )
        request = RecordedRequest(handler.command, parts.path, dict(parse_qsl(parts.query)), form, headers, body)
        with self._lock:
            self.requests.append(request)
        if parts.path in self.failures:
            status, failure = self.failures[parts.path]
            return self._json(status, failure)
        route = self.ROUTES.get((handler.command, parts.path))
        if route is None:
            return self._json(404, {"error": "not_found"})
        return getattr(self, route)(request)

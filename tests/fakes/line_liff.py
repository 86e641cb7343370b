"""LIFF at the page boundary: the ID tokens LINE's LIFF SDK hands a page (signed by the fake LINE
Login of tests/fakes/line_login.py, which verifies them at /oauth2/v2.1/verify), and a stand-in
for the SDK file itself, for the browser journeys. Only the SDK is replaced: the portal's page,
its script, the server and LINE's verify endpoint (the fake's) are the real ones.

A LIFF ID token carries no nonce of the page's choosing: liff.login() takes a redirect URI only."""

import base64
import json
import time

from tests.fakes.line_id_tokens import b64url, sign_id_token
from tests.fakes.line_login import ISSUER, LineUser


def liff_id_token(fake, user: LineUser | None = None, **claims):
    """An ID token as the LIFF SDK returns it from liff.getIDToken(); `claims` change or (None) remove claims."""
    user = user or fake.user
    now = int(time.time())
    found = {
        "iss": ISSUER,
        "sub": user.sub,
        "aud": fake.channel_id,
        "exp": now + 3600,
        "iat": now,
        "amr": ["linesso"],
        "name": user.name,
        "picture": user.picture,
    }
    if user.email:
        found["email"] = user.email
    found.update(claims)
    return sign_id_token({key: value for key, value in found.items() if value is not None}, fake.channel_secret)


def tampered(token, **claims):
    """The token with its claims changed and its signature kept, as an attacker would try."""
    header, payload, signature = token.split(".")
    found = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    found.update(claims)
    return ".".join([header, b64url(json.dumps(found).encode()), signature])


def sdk_stub(id_token, in_client=True, logged_in=True, init_ms=0):
    """JavaScript standing in for static/vendor/liff/liff-sdk.js: LIFF's API as the entry page uses it,
    answering as LINE's in-app browser would for someone logged in to LINE (init taking `init_ms`)."""
    return f"""
window.__liffCalls = [];
window.liff = {{
  init: function (config) {{
    window.__liffCalls.push(["init", config]);
    return new Promise(function (resolve) {{ setTimeout(resolve, {int(init_ms)}); }});
  }},
  isInClient: function () {{ return {json.dumps(in_client)}; }},
  isLoggedIn: function () {{ return {json.dumps(logged_in)}; }},
  login: function (options) {{ window.__liffCalls.push(["login", options]); }},
  getIDToken: function () {{ window.__liffCalls.push(["getIDToken"]); return {json.dumps(id_token)}; }}
}};
"""

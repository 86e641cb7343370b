"""The fake LINE Login is strict where LINE is: a lax fake would let the site's LINE tests pass
for the wrong reasons. No database, no Django views: plain HTTP against the fake."""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from tests.fakes.line_id_tokens import read_id_token, sign_id_token
from tests.fakes.line_login import ISSUER, TEST_CALLBACK_URLS, FakeLineLogin

CALLBACK = TEST_CALLBACK_URLS[0]


@pytest.fixture
def fake():
    with FakeLineLogin() as fake:
        yield fake


def authorize(fake, **changes):
    params = {
        "response_type": "code",
        "client_id": fake.channel_id,
        "redirect_uri": CALLBACK,
        "scope": "profile openid email",
        "state": "s1",
        **changes,
    }
    params = {key: value for key, value in params.items() if value is not None}
    return requests.get(f"{fake.authorize_url}?{urlencode(params)}", allow_redirects=False, timeout=5)


def sent_back(response):
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    return location, {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def exchange(fake, code, **changes):
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "client_id": fake.channel_id,
        "client_secret": fake.channel_secret,
        **changes,
    }
    return requests.post(fake.token_url, data={k: v for k, v in form.items() if v is not None}, timeout=5)


def verify(fake, id_token, client_id=None):
    data = {"id_token": id_token, "client_id": client_id or fake.channel_id}
    return requests.post(fake.verify_url, data=data, timeout=5)


def test_the_whole_exchange_answers_like_line(fake):
    location, params = sent_back(authorize(fake))
    assert location.startswith(CALLBACK + "?")
    assert params["state"] == "s1"
    token = exchange(fake, params["code"])
    assert token.status_code == 200
    body = token.json()
    assert set(body) == {"access_token", "expires_in", "id_token", "refresh_token", "scope", "token_type"}
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "profile openid"  # LINE leaves email out of it
    verified = verify(fake, body["id_token"])
    assert verified.status_code == 200
    claims = verified.json()
    assert claims["iss"] == ISSUER
    assert claims["aud"] == fake.channel_id
    assert claims["sub"] == fake.user.sub
    assert claims["exp"] > claims["iat"]
    assert (claims["name"], claims["picture"], claims["email"]) == (fake.user.name, fake.user.picture, fake.user.email)
    profile = requests.get(fake.profile_url, headers={"Authorization": f"Bearer {body['access_token']}"}, timeout=5)
    assert profile.json()["userId"] == fake.user.sub


@pytest.mark.parametrize(
    "changes",
    [{"client_id": "999"}, {"client_id": None}, {"redirect_uri": "http://evil.example/cb"}, {"redirect_uri": None}],
)
def test_an_unknown_client_or_callback_gets_an_error_page_and_no_redirect(fake, changes):
    response = authorize(fake, **changes)
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_a_registered_callback_may_carry_extra_query_parameters(fake):
    location, params = sent_back(authorize(fake, redirect_uri=CALLBACK + "?next=/x"))
    assert location.startswith(CALLBACK + "?next=/x&")
    assert params["code"]


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"response_type": "token"}, "UNSUPPORTED_RESPONSE_TYPE"),
        ({"scope": "profile"}, "INVALID_SCOPE"),
        ({"scope": "openid friends"}, "INVALID_SCOPE"),
        ({"state": None}, "INVALID_REQUEST"),
        ({"code_challenge": "abc", "code_challenge_method": "plain"}, "INVALID_REQUEST"),
    ],
)
def test_a_bad_authorization_request_is_sent_back_with_an_error(fake, changes, error):
    _, params = sent_back(authorize(fake, **changes))
    assert params["error"] == error
    assert "code" not in params


def test_a_refusing_user_is_sent_back_with_access_denied(fake):
    fake.consent = False
    _, params = sent_back(authorize(fake))
    assert params == {
        "error": "access_denied",
        "error_description": "The resource owner denied the request.",
        "state": "s1",
    }
    assert not fake.codes


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"client_secret": "wrong"}, "invalid_client"),
        ({"client_secret": None}, "invalid_client"),
        ({"client_id": "999"}, "invalid_client"),
        ({"grant_type": "refresh_token"}, "unsupported_grant_type"),
        ({"redirect_uri": TEST_CALLBACK_URLS[1]}, "invalid_grant"),
        ({"code": "forged"}, "invalid_grant"),
    ],
)
def test_the_token_endpoint_checks_everything(fake, changes, error):
    _, params = sent_back(authorize(fake))
    response = exchange(fake, **{"code": params["code"], **changes})
    assert response.status_code == 400
    assert response.json()["error"] == error


def test_a_code_works_once(fake):
    _, params = sent_back(authorize(fake))
    assert exchange(fake, params["code"]).status_code == 200
    again = exchange(fake, params["code"])
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_pkce_is_checked_when_it_was_used(fake):
    import base64
    import hashlib

    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    _, params = sent_back(authorize(fake, code_challenge=challenge, code_challenge_method="S256"))
    assert exchange(fake, params["code"], code_verifier="w" * 50).json()["error"] == "invalid_grant"
    _, params = sent_back(authorize(fake, code_challenge=challenge, code_challenge_method="S256"))
    assert exchange(fake, params["code"], code_verifier=verifier).status_code == 200


@pytest.mark.parametrize(
    "claims, client_id, description",
    [
        ({}, "999", "Invalid IdToken Audience."),
        ({"exp": int(time.time()) - 10}, None, "IdToken expired."),
        ({"iss": "https://evil.example"}, None, "Invalid IdToken Issuer."),
    ],
)
def test_the_verify_endpoint_rejects_bad_id_tokens(fake, claims, client_id, description):
    now = int(time.time())
    token = sign_id_token(
        {"iss": ISSUER, "sub": "U1", "aud": fake.channel_id, "iat": now, "exp": now + 60, **claims}, fake.channel_secret
    )
    response = verify(fake, token, client_id)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_request", "error_description": description}


def test_an_id_token_signed_with_another_secret_is_invalid(fake):
    token = sign_id_token({"iss": ISSUER, "sub": "U1", "aud": fake.channel_id, "exp": 2**40}, "another-secret")
    assert read_id_token(token, fake.channel_secret) is None
    response = verify(fake, token)
    assert response.json()["error_description"] == "Invalid IdToken."


def test_every_request_is_recorded_and_failures_can_be_injected(fake):
    authorize(fake)
    fake.fail("/oauth2/v2.1/token", 503)
    assert exchange(fake, "x").status_code == 503
    assert [(r.method, r.path) for r in fake.requests] == [
        ("GET", "/oauth2/v2.1/authorize"),
        ("POST", "/oauth2/v2.1/token"),
    ]
    assert fake.requests_to("/oauth2/v2.1/token")[0].form["client_secret"] == fake.channel_secret


def test_the_server_stops(fake):
    url = fake.authorize_url
    fake.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=2)

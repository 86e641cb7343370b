"""Register inside LINE: the LIFF entry page, and the ID token it posts, verified by (the fake)
LINE before anyone is logged in, signed up or linked. Only LINE is faked."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from tests.fakes.line_liff import liff_id_token, tampered
from tests.fakes.line_login import VERIFY_PATH, LineUser

pytestmark = pytest.mark.django_db
LIFF_ID = "1657000000-AbCdEfGh"
User = get_user_model()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def event():
    """The demo's training (the test database starts with the demo content)."""
    from portal.events.models import Event

    return Event.objects.filter(status="published").order_by("pk").first()


@pytest.fixture
def liff(line_login, settings):
    settings.LINE_LIFF_ID = LIFF_ID
    return line_login


@pytest.fixture
def linked(make_volunteer, liff):
    """A volunteer who logged in with LINE before: the LINE user the fake is logged in as."""
    user = make_volunteer("somchai")
    SocialAccount.objects.create(user=user, provider="line", uid=liff.user.sub, extra_data={})
    return user


def nonce_of(response):
    return re.search(r'name="nonce" value="([^"]+)"', response.content.decode()).group(1)


def open_in_line(client, path="/line/liff/events/1/"):
    response = client.get(path)
    assert response.status_code == 200
    return nonce_of(response)


def post_token(client, token, nonce, target="/events/1/", **extra):
    return client.post("/line/liff-login/", {"id_token": token, "nonce": nonce, "next": target, **extra})


def logged_in_as(client):
    return client.get("/profile/").wsgi_request.user


def csp(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())


# --- off, and on ------------------------------------------------------------------------------


def test_without_liff_the_pages_are_as_before(client, event, settings):
    settings.LINE_LIFF_ID = ""
    assert client.get("/line/liff/").status_code == 404
    assert client.get(f"/line/liff/events/{event.pk}/").status_code == 404
    assert client.post("/line/liff-login/", {"id_token": "x", "nonce": "y"}).status_code == 404
    page = client.get(f"/events/{event.pk}/")
    assert "liff" not in page.content.decode() and csp(page)["connect-src"] == "'self'"


def test_liff_needs_line_login_too(client, settings):
    settings.LINE_LIFF_ID = LIFF_ID
    settings.LINE_LOGIN_CHANNEL_ID = settings.LINE_LOGIN_CHANNEL_SECRET = ""
    assert client.get("/line/liff/").status_code == 404


def test_only_the_entry_page_loads_the_sdk_under_the_strict_policy(client, event, liff):
    entry = client.get(f"/line/liff/events/{event.pk}/")
    html = entry.content.decode()
    assert "/static/vendor/liff/liff-sdk.js" in html and "/static/js/liff_entry.js" in html
    assert f'data-liff-id="{LIFF_ID}"' in html and f'name="next" value="/events/{event.pk}/"' in html
    policy = csp(entry)
    assert policy["script-src"] == "'self'"
    assert set(policy["connect-src"].split()) == {
        "'self'",
        "https://api.line.me",
        "https://access.line.me",
        "https://liff.line.me",
    }
    for page in (f"/events/{event.pk}/", "/events/"):
        response = client.get(page)
        assert "liff" not in response.content.decode() and csp(response)["connect-src"] == "'self'"


def test_lifs_own_parameters_are_left_out_of_the_target(client, liff):
    html = client.get(
        "/line/liff/events/mine/?liff.state=%2Fx&code=abc&state=xyz&liffClientId=1&from=line"
    ).content.decode()
    assert 'name="next" value="/events/mine/?from=line"' in html


@pytest.mark.parametrize("path", ["/line/liff//evil.example/", "/line/liff/line/liff-login/"])
def test_the_target_is_always_a_page_of_this_site(client, liff, path):
    target = re.search(r'name="next" value="([^"]*)"', client.get(path).content.decode()).group(1)
    assert target.startswith("/") and not target.startswith("//") and "liff" not in target


def test_someone_already_logged_in_with_line_goes_straight_on(client, linked):
    client.force_login(linked)
    response = client.get("/line/liff/events/mine/")
    assert response.status_code == 302 and response["Location"] == "/events/mine/"


def test_the_entry_page_speaks_the_language_of_the_page_asked_for(client, liff):
    assert "Opening in LINE" in client.get("/line/liff/en/events/").content.decode()
    assert "กำลังเปิดใน LINE" in client.get("/line/liff/events/").content.decode()


# --- the token: LINE says who this is ---------------------------------------------------------


def test_a_good_token_logs_the_linked_volunteer_in_and_lands_on_the_page(client, linked, liff):
    nonce = open_in_line(client)
    response = post_token(client, liff_id_token(liff), nonce)
    assert response.status_code == 302 and response["Location"] == "/events/1/"
    assert logged_in_as(client) == linked
    [verify] = liff.requests_to(VERIFY_PATH)
    assert verify.form["client_id"] == liff.channel_id and "nonce" not in verify.form, (
        "a LIFF token has no nonce: ours is not sent for LINE to compare"
    )


@pytest.mark.parametrize("problem", ["expired", "another channel", "tampered", "another issuer", "garbage", "empty"])
def test_a_token_line_does_not_vouch_for_logs_nobody_in(client, linked, liff, problem):
    nonce = open_in_line(client)
    token = {
        "expired": lambda: liff_id_token(liff, exp=int(time.time()) - 60),
        "another channel": lambda: liff_id_token(liff, aud="1999999999"),
        "tampered": lambda: tampered(liff_id_token(liff, sub="U" + "0" * 32), sub=liff.user.sub),
        "another issuer": lambda: liff_id_token(liff, iss="https://evil.example"),
        "garbage": lambda: "not.a.token",
        "empty": lambda: "",
    }[problem]()
    response = post_token(client, token, nonce)
    assert response.status_code == 401
    assert "LINE ยืนยันตัวตนของคุณไม่ได้" in response.content.decode()
    assert not logged_in_as(client).is_authenticated


def test_a_token_for_someone_else_logs_in_them_not_the_owner_of_the_session(client, linked, liff, make_volunteer):
    other = make_volunteer("somsri")
    someone = LineUser(name="สมศรี")
    SocialAccount.objects.create(user=other, provider="line", uid=someone.sub, extra_data={})
    nonce = open_in_line(client)
    post_token(client, liff_id_token(liff, someone), nonce, sub=liff.user.sub, email=linked.email, name="สมชาย")
    assert logged_in_as(client) == other, "only LINE's answer says who it is, never the page's fields"


@pytest.mark.parametrize("nonce", ["missing", "wrong", "used twice", "too old", "not ascii"])
def test_without_the_nonce_this_page_was_given_line_is_not_even_asked(client, linked, liff, nonce, monkeypatch):
    issued = open_in_line(client)
    if nonce == "used twice":
        post_token(client, liff_id_token(liff), issued)
        client.logout()
        liff.requests.clear()
    if nonce == "too old":
        later = time.time() + 11 * 60
        monkeypatch.setattr("portal.accounts.liff.time.time", lambda: later)
    given = {"missing": "", "wrong": issued[::-1], "used twice": issued, "too old": issued, "not ascii": "นอนซ์"}[nonce]
    response = post_token(client, liff_id_token(liff), given)
    assert response.status_code == 400 and "หมดเวลา" in response.content.decode()
    assert liff.requests_to(VERIFY_PATH) == []
    assert not logged_in_as(client).is_authenticated


def test_the_page_opened_twice_works_from_the_first_too(client, linked, liff):
    first = open_in_line(client)
    open_in_line(client, "/line/liff/events/mine/")  # another tab, or a reload
    assert post_token(client, liff_id_token(liff), first).status_code == 302
    assert logged_in_as(client) == linked


def test_a_token_carrying_a_nonce_must_carry_ours(client, linked, liff):
    nonce = open_in_line(client)
    assert post_token(client, liff_id_token(liff, nonce="someone-elses"), nonce).status_code == 401
    assert liff.requests_to(VERIFY_PATH)[-1].form["nonce"] == nonce
    nonce = open_in_line(client)
    assert post_token(client, liff_id_token(liff, nonce=nonce), nonce).status_code == 302
    assert logged_in_as(client) == linked


def test_line_being_down_logs_nobody_in(client, linked, liff):
    liff.fail(VERIFY_PATH, 500)
    assert post_token(client, liff_id_token(liff), open_in_line(client)).status_code == 401
    assert not logged_in_as(client).is_authenticated


# --- signing up and linking through allauth ---------------------------------------------------


def test_someone_new_signs_up_with_line_and_confirms_their_email(client, liff):
    liff.user = LineUser(name="สมหญิง ใจดี", email="somying@example.org")
    response = post_token(client, liff_id_token(liff), open_in_line(client))
    assert response.status_code == 302
    account = SocialAccount.objects.get(provider="line", uid=liff.user.sub)
    assert account.user.email == "somying@example.org"
    assert EmailAddress.objects.filter(user=account.user, verified=False).exists()
    assert [message.to for message in mail.outbox] == [["somying@example.org"]]


def test_a_logged_in_volunteer_links_their_line(client, make_volunteer, liff):
    somsri = make_volunteer("somsri")
    client.force_login(somsri)
    response = post_token(client, liff_id_token(liff), open_in_line(client, "/line/liff/events/mine/"), "/events/mine/")
    assert response.status_code == 302 and response["Location"] == "/events/mine/"
    assert SocialAccount.objects.get(provider="line", uid=liff.user.sub).user == somsri


def test_a_line_account_linked_to_someone_else_is_not_taken_over(client, linked, liff, make_volunteer):
    somsri = make_volunteer("somsri")
    client.force_login(somsri)
    post_token(client, liff_id_token(liff), open_in_line(client))
    assert SocialAccount.objects.get(provider="line", uid=liff.user.sub).user == linked
    assert logged_in_as(client) == somsri


@pytest.mark.parametrize("claims", [{"exp": 1}, {"aud": "1999999999"}, {"iss": "https://evil.example"}, {"sub": ""}])
def test_the_portal_checks_lines_answer_itself(client, linked, liff, monkeypatch, claims):
    """Were LINE's verify endpoint ever to vouch for a token it should not, the portal still looks at
    the audience, the expiry, the issuer and the subject of what it answered."""
    from tests.fakes.line_id_tokens import read_id_token

    def careless(request):
        return liff._json(200, {**read_id_token(request.form["id_token"], liff.channel_secret), **claims})

    monkeypatch.setattr(liff, "_verify", careless)
    assert post_token(client, liff_id_token(liff), open_in_line(client)).status_code == 401
    assert not logged_in_as(client).is_authenticated

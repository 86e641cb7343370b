"""Log in with LINE, end to end, against a local fake of LINE Login (tests/fakes/line_login.py).

Only LINE's servers are faked: the site is the real one (allauth's views, sessions, PostgreSQL).
Django's test client plays the browser on the site; where the browser would leave the site for
LINE, the test makes a real HTTP request to the fake's authorize endpoint and feeds the Location
LINE answers with back to the client, just as a browser follows a redirect.
"""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.line.views import LineOAuth2Adapter
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.fakes.line_login import (
    AUTHORIZE_PATH,
    PROFILE_PATH,
    TOKEN_PATH,
    VERIFY_PATH,
    LineUser,
)

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
CALLBACK = f"{SITE}/accounts/line/login/callback/"
EN_CALLBACK = f"{SITE}/en/accounts/line/login/callback/"
PASSWORD = "a-long-test-password-2563"
User = get_user_model()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth keeps rate limits and e-mail cooldowns in the cache (local memory in tests):
    start each test with none, so one test's e-mails do not hold back the next one's."""
    cache.clear()


@pytest.fixture
def line_login_off(settings):
    """No LINE channel configured, whatever the machine's .env says."""
    settings.SOCIALACCOUNT_PROVIDERS = {"line": {**settings.SOCIALACCOUNT_PROVIDERS["line"], "APPS": []}}
    settings.LINE_LOGIN_CHANNEL_ID = settings.LINE_LOGIN_CHANNEL_SECRET = ""


def thai(message):
    """allauth's / the site's Thai for `message`, checked to really be a translation."""
    with translation.override("th"):
        translated = translation.gettext(message)
    assert translated != message, f"no Thai translation for {message!r}"
    return translated


def page_text(response):
    return response.content.decode()


def go_to_line(client, start="/accounts/line/login/", **params):
    """Press "Continue" on allauth's LINE page (a POST, since SOCIALACCOUNT_LOGIN_ON_GET is off):
    the site sends the browser to LINE's authorize URL, which is returned."""
    response = client.post(f"{start}?{urlencode(params)}" if params else start)
    assert response.status_code == 302, response
    # LineOAuth2Adapter.authorize_url is the fake's, set by the line_login fixture.
    assert response["Location"].startswith(LineOAuth2Adapter.authorize_url + "?"), response["Location"]
    return response["Location"]


def at_line(authorize_url):
    """The browser at LINE: a real HTTP GET to the fake, which answers with a redirect to the site."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, (answer.status_code, answer.text)
    return answer.headers["Location"]


def back_to_site(client, location):
    assert location.startswith(SITE + "/"), location
    return client.get(location)


def log_in_with_line(client, start="/accounts/line/login/", **params):
    return back_to_site(client, at_line(go_to_line(client, start, **params)))


def query(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def make_member(username="somchai", email="somchai@example.org", password=PASSWORD):
    user = User.objects.create_user(username=username, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def line_users():
    return User.objects.filter(socialaccount__provider="line")


# -- a. LINE switched off ------------------------------------------------------------------------


def test_without_credentials_the_login_page_does_not_offer_line(client, line_login_off):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "/accounts/line/login/" not in page_text(response)


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/accounts/line/login/"),
        ("post", "/accounts/line/login/"),
        ("get", "/accounts/line/login/callback/?code=abc&state=def"),
        ("post", "/en/accounts/line/login/"),
    ],
)
def test_without_credentials_line_urls_start_no_flow_and_are_not_a_500(line_login_off, method, path):
    client = Client(raise_request_exception=False)
    response = getattr(client, method)(path)
    assert "line.me" not in response.get("Location", "")
    assert response.status_code != 500


def test_with_credentials_the_login_page_offers_line(client, line_login):
    response = client.get("/accounts/login/")
    assert 'href="/accounts/line/login/?process=login"' in page_text(response)


# -- b. a new volunteer logs in with LINE ---------------------------------------------------------


def test_a_new_volunteer_signs_up_with_line_and_is_asked_to_confirm_the_email(line_login, mailoutbox):
    """The whole journey as a browser makes it, CSRF checks on: login page -> LINE button ->
    allauth's "Sign in via LINE" page -> Continue (POST) -> LINE -> back on the callback."""
    browser = Client(enforce_csrf_checks=True)
    login_page = browser.get("/accounts/login/")
    line_button = re.search(r'href="(/accounts/line/login/\?process=login)"', page_text(login_page)).group(1)
    interstitial = browser.get(line_button)
    assert interstitial.status_code == 200
    assert [t.name for t in interstitial.templates][0] == "socialaccount/login.html"
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_text(interstitial)).group(1)
    to_line = browser.post(line_button, {"csrfmiddlewaretoken": csrf})
    assert to_line.status_code == 302

    # What the site asked LINE for, in the browser's address bar.
    asked = query(to_line["Location"])
    assert to_line["Location"].startswith(line_login.authorize_url)
    assert asked["client_id"] == line_login.channel_id
    assert asked["redirect_uri"] == CALLBACK
    assert asked["response_type"] == "code"
    assert set(asked["scope"].split()) == {"profile", "openid", "email"}
    assert asked["state"]

    callback = back_to_site(browser, at_line(to_line["Location"]))

    # allauth made the account and, with ACCOUNT_EMAIL_VERIFICATION = "mandatory" and LINE's e-mail
    # not trusted as verified, sent a confirmation e-mail instead of logging the volunteer in.
    assert callback.status_code == 302
    assert callback["Location"] == reverse("account_email_verification_sent") == "/accounts/confirm-email/"
    assert not callback.wsgi_request.user.is_authenticated
    line_user = line_login.user
    account = SocialAccount.objects.get(provider="line")
    assert account.uid == line_user.sub
    assert account.extra_data["email"] == line_user.email
    assert account.extra_data["name"] == line_user.name
    user = account.user
    assert user.email == line_user.email
    assert (user.first_name, user.last_name) == ("สมหญิง", "ใจดี")
    assert not user.has_usable_password()
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        (line_user.email, False, True)
    ]
    [mail] = mailoutbox
    assert mail.to == [line_user.email]
    assert mail.subject == thai("Please Confirm Your Email Address")
    page = browser.get(callback["Location"])
    assert [t.name for t in page.templates][0] == "account/verification_sent.html"
    assert page.headers["Content-Language"] == "th"

    # Server-to-server: the code was exchanged, the id token verified, each with the right values.
    [authorize] = line_login.requests_to(AUTHORIZE_PATH)
    [token] = line_login.requests_to(TOKEN_PATH)
    [verify] = line_login.requests_to(VERIFY_PATH)
    assert token.method == "POST"
    assert token.form == {
        "grant_type": "authorization_code",
        "code": query(callback.wsgi_request.get_full_path())["code"],
        "redirect_uri": CALLBACK,
        "client_id": line_login.channel_id,
        "client_secret": line_login.channel_secret,
        "code_verifier": token.form["code_verifier"],  # PKCE is on (OAUTH_PKCE_ENABLED)
    }
    assert len(token.form["code_verifier"]) >= 43
    assert verify.form["client_id"] == line_login.channel_id
    assert verify.form["id_token"]
    assert not line_login.requests_to(PROFILE_PATH)
    # The channel secret goes to the token endpoint only: never through the browser, never to verify.
    secret = line_login.channel_secret
    assert secret not in authorize.path + str(authorize.query) + str(authorize.headers)
    assert secret not in to_line["Location"] + callback["Location"]
    assert secret not in str(verify.params) + verify.body
    assert [r.path for r in line_login.requests if secret in r.body] == [TOKEN_PATH]
    assert not [r.path for r in line_login.requests if secret in str(r.query) + str(r.headers)]


def test_after_confirming_the_email_line_logs_the_volunteer_straight_in_to_the_same_account(line_login, mailoutbox):
    browser = Client()
    log_in_with_line(browser)
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body).group(1)
    assert browser.get(link).status_code == 200
    confirmed = browser.post(link)
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: confirming in the same browser logs the volunteer in.
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/"
    assert browser.get("/profile/").wsgi_request.user.is_authenticated
    assert EmailAddress.objects.get(email=line_login.user.email).verified
    browser.logout()

    second = log_in_with_line(browser)
    assert second.status_code == 302
    assert second["Location"] == "/"  # LOGIN_REDIRECT_URL
    assert second.wsgi_request.user.is_authenticated
    assert second.wsgi_request.user == SocialAccount.objects.get(uid=line_login.user.sub).user
    assert line_users().count() == 1
    assert User.objects.filter(email=line_login.user.email).count() == 1
    assert len(mailoutbox) == 1


def test_logging_in_again_before_confirming_makes_no_second_account(line_login, mailoutbox):
    log_in_with_line(Client())
    again = log_in_with_line(Client())  # another phone, same LINE user
    assert again.status_code == 302
    assert again["Location"] == "/accounts/confirm-email/"
    assert not again.wsgi_request.user.is_authenticated
    assert line_users().count() == 1
    assert SocialAccount.objects.filter(provider="line").count() == 1
    assert User.objects.filter(email=line_login.user.email).count() == 1


def test_a_line_user_without_an_email_is_asked_for_one(line_login, mailoutbox):
    """A LINE account with no e-mail, or a user who unticked the e-mail permission on LINE's consent screen."""
    line_login.user = LineUser(email=None)
    browser = Client()
    callback = log_in_with_line(browser)
    assert callback.status_code == 302
    assert callback["Location"] == reverse("socialaccount_signup") == "/accounts/3rdparty/signup/"
    form = browser.get(callback["Location"])
    assert [t.name for t in form.templates][0] == "socialaccount/signup.html"
    assert 'name="email"' in page_text(form)
    assert not SocialAccount.objects.exists()  # nothing is stored until the form is sent
    assert not line_users().exists()
    assert not mailoutbox


def test_a_line_email_that_belongs_to_an_existing_account_takes_nothing_over(line_login, mailoutbox):
    member = make_member(email=line_login.user.email)
    browser = Client()
    callback = log_in_with_line(browser)
    # allauth does not reveal that the address is taken (ACCOUNT_PREVENT_ENUMERATION): it answers as
    # for a new account and e-mails the address's owner instead. No login, no link, no second user.
    assert callback.status_code == 302
    assert callback["Location"] == "/accounts/confirm-email/"
    assert not callback.wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email__iexact=member.email).count() == 1
    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert mail.subject == thai("Account Already Exists")


def test_pkce_protects_the_code_exchange(line_login):
    """LINE supports PKCE and the portal turns it on (OAUTH_PKCE_ENABLED)."""
    callback = log_in_with_line(Client())
    assert callback.status_code == 302
    assert callback["Location"] == "/accounts/confirm-email/"
    [authorize] = line_login.requests_to(AUTHORIZE_PATH)
    assert authorize.query["code_challenge_method"] == "S256"
    assert line_login.requests_to(TOKEN_PATH)[0].form["code_verifier"]
    assert SocialAccount.objects.filter(provider="line").count() == 1


# -- c. the volunteer refuses consent on LINE ------------------------------------------------------


def test_refusing_consent_on_line_lands_on_a_thai_login_cancelled_page(line_login):
    line_login.consent = False
    browser = Client()
    callback = log_in_with_line(browser)
    assert query(callback.wsgi_request.get_full_path())["error"] == "access_denied"
    assert callback.status_code == 302
    assert callback["Location"] == reverse("socialaccount_login_cancelled") == "/accounts/3rdparty/login/cancelled/"

    page = browser.get(callback["Location"])
    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "socialaccount/login_cancelled.html"
    assert page.headers["Content-Language"] == "th"
    assert '<html lang="th">' in page_text(page)
    assert thai("Login Cancelled") in page_text(page)
    assert 'href="/accounts/login/"' in page_text(page)  # the way back to logging in

    assert not page.wsgi_request.user.is_authenticated
    assert not line_login.requests_to(TOKEN_PATH)
    assert not SocialAccount.objects.exists()
    assert not User.objects.filter(email=line_login.user.email).exists()


def test_refusal_spelled_as_in_line_documentation_is_also_a_cancelled_login(line_login):
    line_login.consent = False
    line_login.refusal_error = "ACCESS_DENIED"
    callback = log_in_with_line(Client())
    assert callback.status_code == 302
    assert callback["Location"] == "/accounts/3rdparty/login/cancelled/"


@pytest.mark.parametrize("spelling", ["access_denied", "ACCESS_DENIED"])
def test_a_refusal_however_spelled_is_never_a_500_and_makes_no_account(line_login, spelling):
    line_login.consent = False
    line_login.refusal_error = spelling
    browser = Client(raise_request_exception=False)
    callback = log_in_with_line(browser)
    assert callback.status_code in (302, 401)
    if callback.status_code == 302:
        assert callback["Location"] == "/accounts/3rdparty/login/cancelled/"
    assert not callback.wsgi_request.user.is_authenticated
    assert not line_login.requests_to(TOKEN_PATH)
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("error", ["INVALID_REQUEST", "INVALID_SCOPE", "SERVER_ERROR"])
def test_any_other_error_from_line_is_a_thai_error_page_not_a_500(line_login, error):
    line_login.consent = False
    line_login.refusal_error = error  # LINE sends the browser back with ?error=<error>
    browser = Client(raise_request_exception=False)
    callback = log_in_with_line(browser)
    assert callback.status_code == 401
    assert [t.name for t in callback.templates][0] == "socialaccount/authentication_error.html"
    assert thai("Third-Party Login Failure") in page_text(callback)
    assert not callback.wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.exists()


def test_english_pages_use_the_english_callback_and_cancel_in_english(line_login):
    """Started from /en/, allauth gives LINE the /en/ callback URL: both must be registered with LINE."""
    line_login.consent = False
    browser = Client()
    authorize_url = go_to_line(browser, "/en/accounts/line/login/")
    assert query(authorize_url)["redirect_uri"] == EN_CALLBACK
    callback = back_to_site(browser, at_line(authorize_url))
    assert callback["Location"] == "/en/accounts/3rdparty/login/cancelled/"
    page = browser.get(callback["Location"])
    assert page.headers["Content-Language"] == "en"
    assert "Login Cancelled" in page_text(page)


def test_line_refuses_a_callback_url_it_does_not_know(line_login):
    """What an operator sees if only the Thai callback URL is registered and an English page is used."""
    line_login.callback_urls = [CALLBACK]
    answer = requests.get(go_to_line(Client(), "/en/accounts/line/login/"), allow_redirects=False, timeout=5)
    assert answer.status_code == 400
    assert "redirect_uri" in answer.text


# -- d. tampering and bad codes --------------------------------------------------------------------


def assert_error_page_and_no_account(response):
    assert response.status_code == 401
    assert [t.name for t in response.templates][0] == "socialaccount/authentication_error.html"
    assert thai("Third-Party Login Failure") in page_text(response)
    assert not response.wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.exists()
    assert not User.objects.filter(email="somying.line@example.org").exists()


def test_a_tampered_state_is_refused_before_anything_is_sent_to_line(line_login):
    browser = Client(raise_request_exception=False)
    location = at_line(go_to_line(browser))
    tampered = location.replace("state=", "state=x")
    assert_error_page_and_no_account(back_to_site(browser, tampered))
    assert not line_login.requests_to(TOKEN_PATH)


def test_a_state_from_another_browser_is_refused(line_login):
    """Login CSRF: an attacker's own callback URL, with their state, opened in the victim's browser."""
    attacker_location = at_line(go_to_line(Client()))
    victim = Client(raise_request_exception=False)
    assert_error_page_and_no_account(back_to_site(victim, attacker_location))
    assert not line_login.requests_to(TOKEN_PATH)


def test_a_callback_without_state_or_code_is_refused(line_login):
    browser = Client(raise_request_exception=False)
    go_to_line(browser)
    assert_error_page_and_no_account(browser.get("/accounts/line/login/callback/"))
    assert_error_page_and_no_account(browser.get("/accounts/line/login/callback/?code=abc"))
    assert not line_login.requests_to(TOKEN_PATH)


def test_a_bad_code_is_refused_by_line_and_shown_as_an_error(line_login):
    browser = Client(raise_request_exception=False)
    location = at_line(go_to_line(browser))
    forged = re.sub(r"code=[^&]+", "code=forged", location)
    assert_error_page_and_no_account(back_to_site(browser, forged))
    [token] = line_login.requests_to(TOKEN_PATH)
    assert token.form["code"] == "forged"
    assert not line_login.requests_to(VERIFY_PATH)


def test_a_used_code_cannot_be_used_again(line_login):
    browser = Client(raise_request_exception=False)
    first = at_line(go_to_line(browser))
    assert back_to_site(browser, first).status_code == 302
    assert line_users().count() == 1

    # The same callback URL again: its state is spent.
    replay = back_to_site(browser, first)
    assert replay.status_code == 401
    # The old code with a fresh state: LINE says invalid_grant.
    fresh = at_line(go_to_line(browser))
    old_code = query(first)["code"]
    reused = back_to_site(browser, re.sub(r"code=[^&]+", f"code={old_code}", fresh))
    assert reused.status_code == 401
    assert [t.name for t in reused.templates][0] == "socialaccount/authentication_error.html"
    assert [r.form["code"] for r in line_login.requests_to(TOKEN_PATH)] == [old_code, old_code]
    assert line_users().count() == 1
    assert SocialAccount.objects.count() == 1


@pytest.mark.parametrize(
    "path, status, body",
    [
        (TOKEN_PATH, 500, None),
        (TOKEN_PATH, 400, {"error": "invalid_client", "error_description": "invalid client_secret"}),
        (VERIFY_PATH, 400, {"error": "invalid_request", "error_description": "IdToken expired."}),
        (VERIFY_PATH, 503, None),
    ],
)
def test_line_failing_server_to_server_is_an_error_page_not_a_500(line_login, path, status, body):
    line_login.fail(path, status, body)
    browser = Client(raise_request_exception=False)
    assert_error_page_and_no_account(log_in_with_line(browser))


# -- e. connecting LINE to an existing account, and disconnecting it ------------------------------


def test_a_member_connects_line_from_the_connections_page_and_disconnects_it_again(line_login):
    member = make_member()
    browser = Client()
    browser.force_login(member)
    assert reverse("socialaccount_connections") == "/accounts/3rdparty/"
    connections = browser.get("/accounts/3rdparty/")
    assert connections.status_code == 200
    assert 'href="/accounts/line/login/?process=connect"' in page_text(connections)

    connected = log_in_with_line(browser, process="connect")
    assert line_login.requests_to(AUTHORIZE_PATH)[0].query["redirect_uri"] == CALLBACK
    assert connected.status_code == 302
    assert connected["Location"] == "/accounts/3rdparty/"
    account = SocialAccount.objects.get(provider="line")
    assert account.user == member
    assert account.uid == line_login.user.sub
    # The member's own e-mail stays; LINE's is not added to their account.
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [member.email]
    page = browser.get("/accounts/3rdparty/")
    assert thai("The third-party account has been connected.") in page_text(page)
    assert f'value="{account.pk}"' in page_text(page)

    # Logging out and in again with LINE now reaches the member's account.
    browser.post("/accounts/logout/")
    again = log_in_with_line(browser)
    assert again["Location"] == "/"
    assert again.wsgi_request.user == member

    disconnected = browser.post("/accounts/3rdparty/", {"account": account.pk})
    assert disconnected.status_code == 302
    assert disconnected["Location"] == "/accounts/3rdparty/"
    assert not SocialAccount.objects.exists()
    assert thai("The third-party account has been disconnected.") in page_text(browser.get("/accounts/3rdparty/"))
    # The password still works.
    assert Client().login(username=member.email, password=PASSWORD)


def test_the_last_login_method_cannot_be_disconnected_without_a_password(line_login):
    member = make_member(password=None)
    assert not member.has_usable_password()
    browser = Client()
    browser.force_login(member)
    log_in_with_line(browser, process="connect")
    account = SocialAccount.objects.get(user=member)
    refused = browser.post("/accounts/3rdparty/", {"account": account.pk})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert SocialAccount.objects.filter(user=member).exists()


def test_a_line_account_connected_to_someone_else_is_not_moved(line_login):
    owner, other = make_member("owner", "owner@example.org"), make_member("other", "other@example.org")
    owner_browser = Client()
    owner_browser.force_login(owner)
    log_in_with_line(owner_browser, process="connect")

    other_browser = Client()
    other_browser.force_login(other)
    attempt = log_in_with_line(other_browser, process="connect")
    assert attempt.status_code == 302
    assert attempt["Location"] == "/accounts/3rdparty/"
    page = other_browser.get(attempt["Location"])
    assert thai("The third-party account is already connected to a different account.") in page_text(page)
    assert SocialAccount.objects.get(provider="line").user == owner
    assert not SocialAccount.objects.filter(user=other).exists()

"""Log in with LINE, end to end, against a local fake of LINE Login: switched off without credentials,
and a new volunteer signing up with LINE (steps.py says how the browser is played)."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from tests.fakes.line_login import AUTHORIZE_PATH, PROFILE_PATH, TOKEN_PATH, VERIFY_PATH, LineUser
from tests.portal.accounts.line_login.steps import (
    CALLBACK,
    User,
    at_line,
    back_to_site,
    line_users,
    log_in_with_line,
    make_member,
    page_text,
    query,
    thai,
)

pytestmark = pytest.mark.django_db


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
    assert interstitial.templates[0].name == "socialaccount/login.html"
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
    assert page.templates[0].name == "account/verification_sent.html"
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
    assert form.templates[0].name == "socialaccount/signup.html"
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

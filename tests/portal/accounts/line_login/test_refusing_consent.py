"""The volunteer refuses consent on LINE, or LINE answers an error: a Thai page, never a 500, no account."""

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from tests.fakes.line_login import TOKEN_PATH
from tests.portal.accounts.line_login.steps import (
    CALLBACK,
    EN_CALLBACK,
    User,
    at_line,
    back_to_site,
    go_to_line,
    log_in_with_line,
    page_text,
    query,
    thai,
)

pytestmark = pytest.mark.django_db


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
    assert page.templates[0].name == "socialaccount/login_cancelled.html"
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
    assert callback.templates[0].name == "socialaccount/authentication_error.html"
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

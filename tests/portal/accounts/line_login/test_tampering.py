"""Tampered states, bad codes and LINE failing server to server: refused, shown as an error page."""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from tests.fakes.line_login import TOKEN_PATH, VERIFY_PATH
from tests.portal.accounts.line_login.steps import (
    User,
    at_line,
    back_to_site,
    go_to_line,
    line_users,
    log_in_with_line,
    page_text,
    query,
    thai,
)

pytestmark = pytest.mark.django_db


# -- d. tampering and bad codes --------------------------------------------------------------------


def assert_error_page_and_no_account(response):
    assert response.status_code == 401
    assert response.templates[0].name == "socialaccount/authentication_error.html"
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
    assert reused.templates[0].name == "socialaccount/authentication_error.html"
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

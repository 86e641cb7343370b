"""Connecting LINE to an existing account from the connections page, and disconnecting it."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from tests.fakes.line_login import AUTHORIZE_PATH
from tests.portal.accounts.line_login.steps import CALLBACK, PASSWORD, log_in_with_line, make_member, page_text, thai

pytestmark = pytest.mark.django_db


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

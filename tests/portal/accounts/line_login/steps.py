"""The browser's steps through a LINE login, for the tests in this folder. Only LINE's servers are faked
(tests/fakes/line_login.py): the site is the real one (allauth's views, sessions, PostgreSQL). Django's
test client plays the browser on the site; where the browser would leave the site for LINE, the test makes
a real HTTP request to the fake's authorize endpoint and feeds the Location LINE answers with back to the
client, just as a browser follows a redirect."""

from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.line.views import LineOAuth2Adapter
from django.contrib.auth import get_user_model
from django.utils import translation

SITE = "http://testserver"
CALLBACK = f"{SITE}/accounts/line/login/callback/"
EN_CALLBACK = f"{SITE}/en/accounts/line/login/callback/"
PASSWORD = "a-long-test-password-2563"
User = get_user_model()


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

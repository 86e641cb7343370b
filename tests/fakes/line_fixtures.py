"""The fake LINE Platform as pytest fixtures, for every test (tests/conftest.py loads this module):

- `line_fake`: the Messaging API (tests/fakes/line_messaging.py) on 127.0.0.1, the site pushing to it;
- `line_platform`: the same, with the webhook switched on (the test channel secret) and the rich
  menu's images uploaded there too;
- `fake_line`: LINE Login (tests/fakes/line_login.py), running for one test; the site is http://testserver;
- `line_login`: allauth's LINE provider switched on with test credentials and pointed at `fake_line`.
"""

import copy

import pytest

from tests.fakes.line_login import FakeLineLogin
from tests.fakes.line_messaging import TEST_ACCESS_TOKEN, FakeLineMessaging
from tests.fakes.line_webhooks import TEST_CHANNEL_SECRET


@pytest.fixture
def line_fake(settings):
    """LINE's push endpoint on 127.0.0.1, and the site configured to use it."""
    fake = FakeLineMessaging().start()
    settings.LINE_CHANNEL_ACCESS_TOKEN = TEST_ACCESS_TOKEN
    settings.LINE_MESSAGING_API_URL = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def line_platform(line_fake, settings):
    """The fake Messaging API (pushes, replies, rich menus) and the webhook switched on with the test secret."""
    settings.LINE_CHANNEL_SECRET = TEST_CHANNEL_SECRET
    settings.LINE_MESSAGING_API_DATA_URL = line_fake.url
    return line_fake


@pytest.fixture
def fake_line():
    """The fake LINE Platform, running for one test; the site is http://testserver (Django's client)."""
    with FakeLineLogin() as fake:
        yield fake


@pytest.fixture
def line_login(fake_line, settings, monkeypatch):
    """LINE Login switched on with test credentials, allauth's LINE provider talking to `fake_line`.
    Only LINE is faked: the allauth views, the database and the session are the real ones."""
    from allauth.socialaccount.providers.line.views import LineOAuth2Adapter

    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["line"]["APPS"] = [{"client_id": fake_line.channel_id, "secret": fake_line.channel_secret}]
    settings.SOCIALACCOUNT_PROVIDERS = providers
    settings.LINE_LOGIN_CHANNEL_ID = fake_line.channel_id
    settings.LINE_LOGIN_CHANNEL_SECRET = fake_line.channel_secret
    monkeypatch.setattr(LineOAuth2Adapter, "authorize_url", fake_line.authorize_url)
    monkeypatch.setattr(LineOAuth2Adapter, "access_token_url", fake_line.token_url)
    monkeypatch.setattr(LineOAuth2Adapter, "id_token_url", fake_line.verify_url)
    monkeypatch.setattr(LineOAuth2Adapter, "profile_url", fake_line.profile_url)
    return fake_line

"""The fake LINE Platform as pytest fixtures, for every test (tests/conftest.py loads this module):

- `line_fake`: the Messaging API (tests/fakes/line_messaging.py) on 127.0.0.1, the site pushing to it;
- `line_platform`: the same, with the webhook switched on (the test channel secret) and the rich
  menu's images uploaded there too;
- `fake_line`, `line_login`: LINE Login (tests/fakes/line_login.py), allauth's LINE provider on it.
"""

import pytest

from tests.fakes.line_login import fake_line, line_login  # noqa: F401  (fixtures, registered from here)
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

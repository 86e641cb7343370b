import pytest
from django.core.cache import cache


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

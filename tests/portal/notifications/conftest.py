import datetime

import pytest
from allauth.socialaccount.models import SocialAccount

from portal.accounts.models import ConsentPurpose
from portal.accounts.services import record_consent
from tests.fakes.line_messaging import TEST_ACCESS_TOKEN, FakeLineMessaging
from tests.fakes.line_webhooks import TEST_CHANNEL_SECRET
from tests.portal.accounts.conftest import make_volunteer  # noqa: F401  (fixture)
from tests.portal.events.conftest import event, make_event, programme  # noqa: F401  (fixtures)

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


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


def handle_webhook_events():
    """What the Celery task does with every event waiting: in the test's own transaction."""
    from portal.notifications import line_webhook
    from portal.notifications.models import LineEventStatus, LineWebhookEvent

    ids = list(LineWebhookEvent.objects.filter(status=LineEventStatus.PENDING).values_list("pk", flat=True))
    return line_webhook.handle(ids)


def link_line(user, uid=None):
    """The volunteer logged in with LINE once (allauth's SocialAccount) and said yes to LINE messages."""
    uid = uid or f"U{user.pk:032x}"
    SocialAccount.objects.create(user=user, provider="line", uid=uid, extra_data={})
    record_consent(user, {ConsentPurpose.LINE_REMINDERS: True})
    return uid


def bangkok(*args):
    return datetime.datetime(*args, tzinfo=BANGKOK)

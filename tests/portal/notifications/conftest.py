import datetime
import os

import pytest
from allauth.socialaccount.models import SocialAccount

from config.celery import app
from portal.accounts.models import ConsentPurpose
from portal.accounts.services import record_consent
from tests.fakes.line_messaging import TEST_ACCESS_TOKEN

from . import workers

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def worker_env(line_fake, tmp_path, settings):
    """The environment of a worker subprocess: the test database, Redis, the fake LINE, e-mail as files."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.portal.notifications.worker_settings",
        DATABASE_URL=workers.database_url(),
        REDIS_URL=settings.REDIS_URL,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        LINE_CHANNEL_ACCESS_TOKEN=TEST_ACCESS_TOKEN,
        LINE_MESSAGING_API_URL=line_fake.url,
        TEST_MAIL_DIR=str(tmp_path),
    )
    app.control.purge()
    return env


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

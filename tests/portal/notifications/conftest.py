import os

import pytest

from config.celery import app
from tests.fakes.line_messaging import TEST_ACCESS_TOKEN

from . import workers


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

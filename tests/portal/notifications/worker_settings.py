"""Settings of the Celery worker that test_worker_killed.py starts as a subprocess (and kills):
the test database and Redis, e-mail as files, and short timeouts so that the restarted worker
gets the killed one's message back at once (acks_late) and may take over its claim."""

import os

from config.settings.test import *

CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 1, "socket_connect_timeout": 2}
NOTIFICATIONS_CLAIM_TIMEOUT = 1
NOTIFICATIONS_QUIET_HOURS = ""  # the push must go now, whatever the hour the suite runs at
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["TEST_MAIL_DIR"]

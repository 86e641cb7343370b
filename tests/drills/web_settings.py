"""Settings of the gunicorn that test_postgres_restart_during_sign_ups.py starts against its own
PostgreSQL cluster: as in production, persistent connections with health checks and no DEBUG, so
an error is answered with the site's own error page."""

from config.settings.test import *

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

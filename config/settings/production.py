"""Production: refuses to start half-configured, naming in one message everything that is missing.
None of the demo's stand-ins (SQLite, a filesystem broker, mail as files, the database as cache) is
accepted: seven machines on them would quietly be seven separate sites."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import ALLOWED_HOSTS, CELERY_BROKER_URL, DATABASES, EMAIL_URL, REDIS_URL, SECRET_KEY, env

DEBUG = False

POSTGRESQL_ENGINES = {"django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"}
NETWORK_BROKERS = {"redis", "rediss", "sentinel", "amqp", "amqps", "pyamqp"}


def _refusals():
    refusals = []
    if not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5 or len(SECRET_KEY) < 50:
        refusals.append(
            "SECRET_KEY must be set to a long random value in production (at least 50 characters), "
            "e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if not env("ALLOWED_HOSTS", default="") or not ALLOWED_HOSTS:
        refusals.append("ALLOWED_HOSTS must list the site's host names in production.")
    engine = DATABASES.get("default", {}).get("ENGINE")
    if engine not in POSTGRESQL_ENGINES:
        found = f"it names {engine.rsplit('.', 1)[-1]}" if engine else "it is not set"
        refusals.append(
            f"DATABASE_URL must name a PostgreSQL database (postgres://user:password@host:5432/portal); {found}."
        )
    broker = urlsplit(CELERY_BROKER_URL).scheme
    if broker not in NETWORK_BROKERS:
        found = f"{broker}:// is for the demo and tests" if broker else "it is not set"
        refusals.append(
            f"CELERY_BROKER_URL must name a real broker that every machine reaches (redis://host:6379/1); {found}."
        )
    if urlsplit(REDIS_URL).scheme not in ("redis", "rediss", "unix"):
        refusals.append(
            "REDIS_URL must name the Redis for the cache and rate limits (redis://host:6379/0); it is not set."
        )
    scheme = urlsplit(EMAIL_URL).scheme
    if not scheme.startswith("smtp") or not urlsplit(EMAIL_URL).hostname:
        found = f"{scheme}:// does not send mail" if scheme else "it is not set"
        refusals.append(f"EMAIL_URL must name an SMTP server (smtp://user:password@host:587, smtp+tls://…); {found}.")
    if bool(env("S3_MEDIA_BUCKET", default="")) != bool(env("S3_EXPORTS_BUCKET", default="")):
        refusals.append(
            "S3_MEDIA_BUCKET and S3_EXPORTS_BUCKET go together: media on object storage with exports on one "
            "machine's disk (or the other way round) breaks as soon as there are two machines."
        )
    return refusals


if _refusals():
    raise ImproperlyConfigured(
        "The production settings refuse to start:\n"
        + "\n".join(f"  - {refusal}" for refusal in _refusals())
        + "\nSet these in the environment or in .env (see .env.example)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health checks are probed over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# nosniff, Referrer-Policy, frame and content security policies: base.py.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# One beat at a time, on any number of machines (celery-redbeat): the schedule's state lives in Redis,
# and a beat runs only while it holds a lock there. A second beat waits, and takes over within
# CELERY_REDBEAT_LOCK_TIMEOUT seconds once the first one is gone.
CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
CELERY_REDBEAT_REDIS_URL = CELERY_BROKER_URL if urlsplit(CELERY_BROKER_URL).scheme.startswith("redis") else REDIS_URL
CELERY_BEAT_MAX_LOOP_INTERVAL = 10
CELERY_REDBEAT_LOCK_TIMEOUT = 60

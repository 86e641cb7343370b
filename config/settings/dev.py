"""The zero-setup demo that `make run` starts: SQLite, a filesystem broker, mail written to var/mail,
the database as cache, files on the local disk. These defaults live here only: production.py
refuses to start without the real services."""

from pathlib import Path

from .base import *
from .base import BASE_DIR, DATABASES, EMAIL_URL, REDIS_URL, STORAGES, VAR_DIR, env
from .services import database_settings, email_settings

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="") or "django-insecure-demo-key-only-for-make-run"
SERVE_MEDIA = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# A SQLite file in WAL mode, unless DATABASE_URL names another database.
DATABASES = DATABASES or {"default": database_settings(env, f"sqlite:///{VAR_DIR / 'demo.sqlite3'}")}
# The database as cache (its table comes with the migrations), unless REDIS_URL names a Redis.
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}
# E-mail as files, one per message, unless EMAIL_URL names a mail server.
if not EMAIL_URL:
    vars().update(email_settings(env, f"filemail://{VAR_DIR / 'mail'}", BASE_DIR))

# A broker in folders, unless CELERY_BROKER_URL names a real one.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
    for _folder in (_broker_dir / "queue", _broker_dir / "control", _broker_dir / "processed"):
        _folder.mkdir(parents=True, exist_ok=True)

# The demo keeps its database, mail and uploads under var/.
for _folder in (VAR_DIR, VAR_DIR / "mail"):
    Path(_folder).mkdir(parents=True, exist_ok=True)

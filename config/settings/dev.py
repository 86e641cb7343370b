"""The zero-setup demo that `make run` starts: SQLite, a filesystem broker, mail written to var/mail."""

from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import CELERY_BROKER_TRANSPORT_OPTIONS, VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="") or "django-insecure-demo-key-only-for-make-run"
SERVE_MEDIA = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The demo keeps its database, broker queue, mail and uploads under var/.
for _folder in (VAR_DIR, VAR_DIR / "mail", *(Path(p) for p in CELERY_BROKER_TRANSPORT_OPTIONS.values() if isinstance(p, str))):
    _folder.mkdir(parents=True, exist_ok=True)

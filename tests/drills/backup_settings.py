"""Settings of the manage.py commands and scripts that test_backup_and_restore.py runs: the demo's
(config.settings.dev: MEDIA_ROOT and EXPORT_ROOT under VAR_DIR, media served by Django) on the PostgreSQL
database in DATABASE_URL, with each process's cache in its own memory, so that nothing but the database
and the media folder can carry the site across the wipe."""

from config.settings.dev import *

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

"""Settings shared by every environment. Every secret and URL comes from the environment. The
zero-setup demo's defaults (SQLite, a filesystem broker, mail as files, a database cache) are in
dev.py only; production.py refuses to start without the real services."""

from pathlib import Path

import environ
from celery.schedules import crontab

from .content_security import ADMIN_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY
from .services import database_settings, email_settings, object_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# The demo's SQLite file, broker queue, mail and uploads live here.
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The demo's default follows `make run PORT=…`, so links in its e-mails point where it really runs.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "cms",
    "portal.thai",
    "portal.accounts",
    "portal.events",
    "portal.notifications",
    "portal.exports",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.line",
    "allauth.usersessions",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # allauth's sessions page ({% load humanize %}: "2 hours ago").
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so a cached page still gets the header.
    "config.csp.PathPolicyCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.site_parts.SitePartsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "portal.accounts.middleware.ConsentRequiredMiddleware",
    "portal.accounts.middleware.WipeBrowserStorageOnLogoutMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Security headers. Production adds HSTS and secure cookies (production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views set SAMEORIGIN for themselves.

# Seconds a public page rendered for a visitor who is not logged in is reused (cms/page_cache.py); 0: off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)
# Seconds the site's parts around every page are kept by content version (cms/site_parts.py); 0: off.
SITE_PARTS_CACHE_SECONDS = 60 * 60

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ]
        },
    }
]

# Database: PostgreSQL in production and tests (the demo's SQLite file: dev.py).
DATABASE_URL = env("DATABASE_URL", default="")
DATABASES = {"default": database_settings(env, DATABASE_URL)} if DATABASE_URL else {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: the production cache and rate-limit store (the demo's database cache: dev.py).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer must not hold a page up: the cache is skipped instead.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Language and time: Thai first, English second; Bangkok time everywhere.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# One way in for everyone: the admin's log-in page and Wagtail's private-page one lead to allauth's,
# which is throttled and asks for a confirmed e-mail address (portal/accounts/staff_login.py). Staff
# change their password and e-mail there too, not in the admin, whose forms have no limits.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Where there is no reverse proxy in front, Django serves MEDIA_ROOT itself (the demo does).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
# Export files (personal data) are written here, never under MEDIA_ROOT, unless they go to object storage.
EXPORT_ROOT = env.path("EXPORT_ROOT", default=str(VAR_DIR / "exports"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "exports": {"BACKEND": "portal.exports.storage.LocalExportStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Images, documents and export files on S3-compatible object storage when S3_* say so. A signed link to
# an export file there works this many seconds: enough to start the download.
EXPORT_DOWNLOAD_URL_SECONDS = env.int("EXPORT_DOWNLOAD_URL_SECONDS", default=60)
STORAGES, MEDIA_ORIGINS = object_storage(env, STORAGES, EXPORT_DOWNLOAD_URL_SECONDS)
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += MEDIA_ORIGINS
ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += MEDIA_ORIGINS


EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(email_settings(env, EMAIL_URL, BASE_DIR))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="พอร์ทัลอาสาสมัคร <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="พอร์ทัลอาสาสมัครพัฒนาสังคม")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "cms.rich_text.RichTextArea"}}
# No Gravatar avatars in the admin: staff e-mail hashes are not sent to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Uploads: only these types, no larger than this. Nothing a browser would run (html, svg, js).
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# An upload that names no collection goes where the form had it selected (cms/upload_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.upload_forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.upload_forms.DocumentForm"
# Documents go through Wagtail's view, which adds nosniff and a CSP of its own, and always download.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []

# django-allauth: e-mail is the login; it must be verified before a volunteer registers.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# The delivery log keeps addresses and message texts this many days (docs/privacy.md).
DELIVERY_LOG_RETENTION_DAYS = env.int("DELIVERY_LOG_RETENTION_DAYS", default=180)
# Accounts that never confirm their e-mail address are deleted after this many days (docs/privacy.md).
ACCOUNT_UNVERIFIED_RETENTION_DAYS = env.int("ACCOUNT_UNVERIFIED_RETENTION_DAYS", default=30)
# A guardian's consent link works once and for this many days; a minor may ask this many times a day
# (and an address is sent no more than this many requests a day) (portal/accounts/guardians.py).
GUARDIAN_CONSENT_LINK_DAYS = env.int("GUARDIAN_CONSENT_LINK_DAYS", default=14)
GUARDIAN_REQUESTS_PER_DAY = env.int("GUARDIAN_REQUESTS_PER_DAY", default=3)
# Limits count per visitor address (see TRUSTED_PROXY_COUNT), per account, or per both; failed log-ins
# count only when they fail, so a room of volunteers on one connection can all log in (portal/accounts/adapters.py).
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "30/10m/ip,20/h/key",
    "login_failed_here": "5/5m/key",  # one account from one address
    # A page's or a document's shared password (Wagtail's view restrictions): per address, and in all.
    "shared_password_here": "5/5m/key",
    "shared_password": "30/h/key",
    # Each sign-up and each added address sends an e-mail to whatever address was typed.
    "signup": "20/m/ip,200/d/ip",
    "manage_email": "10/m/user,30/d/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_email": "5/m/user,20/d/user",
    "change_password": "5/m/user,20/h/user",
}
ACCOUNT_ADAPTER = "portal.accounts.adapters.AccountAdapter"
# How many reverse proxies of ours stand in front of the site, each adding the address it saw to
# X-Forwarded-For: the visitor's address is the one the nearest of them saw. 0: no proxy, the
# connection's address is the visitor's (a visitor's own X-Forwarded-For is then ignored).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
LOGIN_REDIRECT_URL = "/"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_ADAPTER = "portal.accounts.adapters.SocialAccountAdapter"
# LINE Login is switched on by its channel's credentials; nothing to set up in the database.
LINE_LOGIN_CHANNEL_ID = env("LINE_LOGIN_CHANNEL_ID", default="")
LINE_LOGIN_CHANNEL_SECRET = env("LINE_LOGIN_CHANNEL_SECRET", default="")
SOCIALACCOUNT_PROVIDERS = {
    "line": {
        "SCOPE": ["profile", "openid", "email"],
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [{"client_id": LINE_LOGIN_CHANNEL_ID, "secret": LINE_LOGIN_CHANNEL_SECRET}]
            if LINE_LOGIN_CHANNEL_ID and LINE_LOGIN_CHANNEL_SECRET
            else []
        ),
    }
}

# Celery: one configuration for demo and production, only the broker differs (the demo's: dev.py).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# A task not acknowledged within this time is given to another worker (acks_late below).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 5}
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {"task": "cms.tasks.publish_scheduled_pages", "schedule": crontab()},
    "remove-unverified-accounts": {
        "task": "portal.accounts.tasks.remove_unverified_accounts",
        "schedule": crontab(hour=3, minute=0),
    },
    "forget-ended-sessions": {
        "task": "portal.accounts.tasks.forget_ended_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    "delete-expired-exports": {"task": "portal.exports.delete_expired_exports", "schedule": crontab(minute="*/15")},
    # Reminders and thank-you notes come from the database; due ledger rows (deferred, retried) are re-enqueued.
    "queue-due-reminders": {"task": "portal.events.tasks.queue_due_reminders", "schedule": crontab()},
    "dispatch-due-deliveries": {"task": "portal.notifications.tasks.dispatch_due", "schedule": crontab()},
    "forget-old-deliveries": {
        "task": "portal.notifications.tasks.forget_old_deliveries",
        "schedule": crontab(hour=3, minute=30),
    },
}

# /healthz reports background tasks "late" when beat's every-minute sweep has not run for this many seconds.
HEALTH_BACKGROUND_LATE_AFTER = env.int("HEALTH_BACKGROUND_LATE_AFTER", default=5 * 60)

# Notifications: LINE Messaging API push is off until a channel access token is set (docs/line.md).
LINE_CHANNEL_ACCESS_TOKEN = env("LINE_CHANNEL_ACCESS_TOKEN", default="")
LINE_MESSAGING_API_URL = env("LINE_MESSAGING_API_URL", default="https://api.line.me").rstrip("/")
# The Messaging API channel's secret (the webhook, SITE_URL/line/webhook/, is off without it), LINE's host
# for rich menu images, and the LIFF app whose endpoint URL is SITE_URL/line/liff/ (empty: LIFF off).
LINE_CHANNEL_SECRET = env("LINE_CHANNEL_SECRET", default="")
LINE_MESSAGING_API_DATA_URL = env("LINE_MESSAGING_API_DATA_URL", default="https://api-data.line.me").rstrip("/")
LINE_LIFF_ID = env("LINE_LIFF_ID", default="")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Days an unsubscribe link in a message keeps working (portal/notifications/unsubscribe.py).
UNSUBSCRIBE_LINK_DAYS = env.int("UNSUBSCRIBE_LINK_DAYS", default=365)
# Seconds after which a message left "being sent" by a worker that died is sent again.
NOTIFICATIONS_CLAIM_TIMEOUT = env.int("NOTIFICATIONS_CLAIM_TIMEOUT", default=300)
# No LINE pushes in these hours (Bangkok time) except on the event's day; empty: no quiet hours.
NOTIFICATIONS_QUIET_HOURS = env("NOTIFICATIONS_QUIET_HOURS", default="21:00-07:00")

# Check-in opens this many minutes before an event starts and closes at the end of its last day (Bangkok).
CHECK_IN_OPENS_BEFORE = env.int("CHECK_IN_OPENS_BEFORE", default=120)
# The PDFs' Thai font, rebuilt from the fontpkg-sarabun package on first use (portal/thai/fonts.py), is kept here.
PDF_FONT_DIR = VAR_DIR / "fonts"
# Sign-up exports longer than this many rows are built by a Celery task; the file is kept this many seconds.
EXPORT_ASYNC_THRESHOLD = env.int("EXPORT_ASYNC_THRESHOLD", default=2000)
EXPORT_FILE_TTL = env.int("EXPORT_FILE_TTL", default=24 * 60 * 60)
# A job that has not reported progress for this long is taken for dead: its page offers "try again".
EXPORT_STALE_AFTER = env.int("EXPORT_STALE_AFTER", default=5 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

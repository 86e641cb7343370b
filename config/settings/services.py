"""Settings for the services the environment names by URL: the database, outgoing mail, and object
storage for a site on many machines (files on S3-compatible storage through django-storages,
config/storage.py). S3_MEDIA_BUCKET holds images, their renditions and documents; S3_EXPORTS_BUCKET,
a private bucket, export files. Without them, files stay on this machine's disk (MEDIA_ROOT,
EXPORT_ROOT), as in the demo."""

from urllib.parse import urlsplit


def database_settings(env, url):
    """DATABASES["default"] for a database URL, with what its engine needs here."""
    database = env.db_url_config(url)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                # Writers take the lock at BEGIN, so web, worker and beat queue up instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            }
        )
    else:
        database.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
        database.setdefault("CONN_HEALTH_CHECKS", True)
    return database


def email_settings(env, url, base_dir):
    """Django's EMAIL_* settings for an e-mail URL (smtp://, smtp+tls://, filemail://…)."""
    config = env.email_url_config(url)
    if config["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
        # django-environ drops the leading "/" of filemail:///an/absolute/path, which made it relative to the
        # working directory; filemail://var/mail (a host part) is taken as relative to the project.
        mail_url = urlsplit(url)
        config["EMAIL_FILE_PATH"] = (
            str(base_dir / (mail_url.netloc + mail_url.path)) if mail_url.netloc else mail_url.path
        )
    return config


def _origin(url):
    return f"{url.scheme or 'https'}://{url.netloc}"


def object_storage(env, storages, export_link_seconds):
    """(STORAGES, the origins pages' images come from) for the S3_* variables set."""
    media_bucket = env("S3_MEDIA_BUCKET", default="")
    exports_bucket = env("S3_EXPORTS_BUCKET", default="")
    endpoint = env("S3_ENDPOINT_URL", default="") or None
    # Where browsers reach the storage, when not where the servers do (docker-compose: minio:9000 inside).
    browser_endpoint = env("S3_BROWSER_ENDPOINT_URL", default="") or None
    # The media bucket's public address: a CDN or a custom domain in front of it, optional.
    media_public = urlsplit(env("S3_MEDIA_PUBLIC_URL", default=""))
    common = {
        "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
        "region_name": env("S3_REGION", default="") or None,
        "endpoint_url": endpoint,
        "browser_endpoint_url": browser_endpoint,
        # MinIO and most S3-compatible servers are addressed by path, AWS by the bucket's host name.
        "addressing_style": "path" if endpoint else None,
        "signature_version": "s3v4",
    }
    storages = dict(storages)
    origins = []
    if media_bucket:
        storages["default"] = {
            "BACKEND": "config.storage.ObjectStorage",
            "OPTIONS": {
                **common,
                "bucket_name": media_bucket,
                "public_prefixes": ["images/"],
                "file_overwrite": False,
                "querystring_auth": False,
                "querystring_expire": 300,
                "custom_domain": (media_public.netloc + media_public.path).rstrip("/") or None,
                "url_protocol": f"{media_public.scheme or 'https'}:",
            },
        }
        if media_public.netloc:
            origins = [_origin(media_public)]
        elif browser_endpoint or endpoint:
            origins = [_origin(urlsplit(browser_endpoint or endpoint))]
        else:  # AWS: the bucket's own host name, in its region
            region = common["region_name"]
            origins = [f"https://{media_bucket}.s3.amazonaws.com"]
            if region and region != "us-east-1":
                origins.append(f"https://{media_bucket}.s3.{region}.amazonaws.com")
    if exports_bucket:
        storages["exports"] = {
            "BACKEND": "config.storage.ObjectStorage",
            "OPTIONS": {**common, "bucket_name": exports_bucket, "querystring_expire": export_link_seconds},
        }
    return storages, origins

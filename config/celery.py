import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _publishing_fails_fast(sender, source, **kwargs):
    """A web request that enqueues on commit must not wait on a broker that is down (kombu's default
    is to retry for about six seconds): one quick retry, then the publish error goes to the caller,
    which keeps the work in the database for a later sweep (see portal/notifications/ledger.py).
    A worker's own connection to the broker has its own retry policy and is not affected."""
    source.broker_transport_options = {"max_retries": 1, "interval_start": 0, **source.broker_transport_options}

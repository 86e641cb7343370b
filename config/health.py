"""/healthz: can this process reach its database and its broker? 200 if both, 503 otherwise.

It also tells whether the background work runs (`background_tasks`): beat sends the delivery sweep
every minute and a worker runs it, so a recent sweep shows that both are alive. That part does not
change the status code, which a load balancer reads: web can serve pages while a worker is down."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

logger = logging.getLogger(__name__)

BACKGROUND_HEARTBEAT_KEY = "health:background-heartbeat"


def record_background_heartbeat():
    cache.set(BACKGROUND_HEARTBEAT_KEY, time.time(), timeout=None)


def _background_tasks_state():
    try:
        last_run = cache.get(BACKGROUND_HEARTBEAT_KEY)
    except Exception:  # each cache backend raises its own connection errors
        logger.exception("Health check: cache unreachable")
        return "unknown"
    if last_run is None:
        return "not seen"
    return "ok" if time.time() - last_run <= settings.HEALTH_BACKGROUND_LATE_AFTER else "late"


def _database_ok():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return False


def _broker_ok():
    try:
        with celery_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=3)
        return True
    except Exception:  # kombu raises a different class per transport
        logger.exception("Health check: broker unreachable")
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"}
    body.update({name: "ok" if ok else "unreachable" for name, ok in checks.items()})
    body["background_tasks"] = _background_tasks_state()
    return JsonResponse(body, status=200 if healthy else 503)

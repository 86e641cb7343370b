"""Health checks, in two parts, for a load balancer and for the people who keep the site running.

- /healthz/live (liveness): the process answers. Nothing else is asked, so a database outage
  never makes an orchestrator restart every web machine.
- /healthz/ready (readiness, and /healthz, its old address): 200 while this machine can serve
  pages, that is while its database answers; 503 otherwise, and the balancer sends visitors to
  another machine. The body also tells whether the broker answers and whether the background work
  runs (`background_tasks`: beat sends the delivery sweep every minute and a worker runs it, so a
  recent sweep shows both are alive). Those two are for alerting and never change the status
  code: with Redis down, pages are served uncached and sign-ups are kept for later (the drills in
  tests/drills/), so taking every web machine out of the balancer would only make things worse."""

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
        last_run = getattr(cache, "strict_get", cache.get)(BACKGROUND_HEARTBEAT_KEY)
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
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    database, broker, background = _database_ok(), _broker_ok(), _background_tasks_state()
    body = {
        # "degraded": pages are served, but messages and long exports wait until the broker is back.
        "status": "error" if not database else "ok" if broker else "degraded",
        "database": "ok" if database else "unreachable",
        "broker": "ok" if broker else "unreachable",
        "background_tasks": background,
    }
    return JsonResponse(body, status=200 if database else 503)

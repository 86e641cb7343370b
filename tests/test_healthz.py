"""Health: liveness (the process answers) and readiness (the database answers). The broker and the
background work are reported in readiness's body, for alerting, never in the status code a load
balancer reads: a Redis outage must not take every web machine out of the balancer."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.db import OperationalError, connections

from config.celery import app as celery_app
from config.health import BACKGROUND_HEARTBEAT_KEY

READINESS = ["/healthz", "/healthz/ready"]


@pytest.fixture(autouse=True)
def no_heartbeat_yet():
    cache.delete(BACKGROUND_HEARTBEAT_KEY)


@pytest.mark.django_db
@pytest.mark.redis
@pytest.mark.parametrize("path", READINESS)
def test_readiness_is_ok_when_database_and_broker_answer(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "background_tasks": "not seen"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_stays_200_when_the_broker_is_unreachable(client, monkeypatch):
    # Nothing listens on port 1: the connection is refused at once.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "broker": "unreachable",
        "background_tasks": "not seen",
    }


def _refuse(*args, **kwargs):
    raise OperationalError("connection refused")


@pytest.mark.redis
@pytest.mark.django_db
@pytest.mark.parametrize("path", READINESS)
def test_readiness_is_503_when_the_database_is_unreachable(client, monkeypatch, path):
    monkeypatch.setattr(connections["default"], "cursor", _refuse)
    response = client.get(path)
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unreachable",
        "broker": "ok",
        "background_tasks": "not seen",
    }


@pytest.mark.django_db
def test_liveness_answers_without_asking_the_database_or_the_broker(client, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(connections["default"], "cursor", _refuse)
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/healthz/ready", "/healthz/live"])
def test_health_checks_only_answer_get(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_shows_background_tasks_ok_once_a_worker_has_run_the_sweep_beat_sends(client):
    celery_app.loader.import_default_modules()
    assert client.get("/healthz").json()["background_tasks"] == "not seen"
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        celery_app.send_task(celery_app.conf.beat_schedule["dispatch-due-deliveries"]["task"])
        deadline = time.monotonic() + 20
        while (state := client.get("/healthz").json()["background_tasks"]) != "ok" and time.monotonic() < deadline:
            time.sleep(0.2)

    assert state == "ok"


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_reports_background_tasks_late_without_failing_the_web_check(client, settings):
    cache.set(BACKGROUND_HEARTBEAT_KEY, time.time() - settings.HEALTH_BACKGROUND_LATE_AFTER - 60, timeout=None)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["background_tasks"] == "late"

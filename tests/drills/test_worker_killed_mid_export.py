"""Drill: the worker building a long export is SIGKILLed mid-way.

The export is built by a real `celery -A config worker` subprocess on a Redis of our own. It is
killed while writing rows; the job is left "being prepared". Its progress page does not wait
forever: once nothing has been heard of the job for EXPORT_STALE_AFTER it offers "try again". A
worker started again gets the task back (acks_late, the message was never acknowledged) and builds
the file from the start: complete, every sign-up once."""

import csv
import io
import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from config.celery import app
from portal.exports.models import ExportJob, ExportStatus
from tests.portal.notifications.test_worker import wait_until
from tests.portal.notifications.workers import Worker, database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
VOLUNTEERS = 20


@pytest.fixture
def exports_settings(settings, tmp_path):
    settings.EXPORT_ASYNC_THRESHOLD = 3
    settings.EXPORT_ROOT = tmp_path / "exports"
    settings.EXPORT_STALE_AFTER = 2
    return settings


@pytest.fixture
def export_worker_env(own_redis, exports_settings):
    settings = exports_settings
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.drills.slow_export_worker_settings",
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=own_redis.url,
        TEST_EXPORT_ROOT=str(settings.EXPORT_ROOT),
    )


def _names_in(download):
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    return sorted(row[2] for row in rows[1:])  # after the number and the title


def test_an_export_cut_off_by_a_killed_worker_is_finished_by_the_next_one(
    client, export_worker_env, coordinator, training, sign_up_person
):
    names = [f"อาสา{number:02d}" for number in range(VOLUNTEERS)]
    for name in names:
        sign_up_person(training, name, "ทดสอบ")
    app.control.purge()  # the sign-ups' e-mails are not this drill's business
    client.force_login(coordinator)

    first = Worker(export_worker_env)
    try:
        assert wait_until(first.ready, timeout=30), "".join(first.lines)
        response = client.get(reverse("exports:signups", kwargs={"fmt": "csv"}), {"event": training.pk})
        job = ExportJob.objects.get()
        job_url = reverse("exports:job", args=[job.pk])
        assert response.status_code == 302 and response["Location"] == job_url
        assert wait_until(lambda: ExportJob.objects.get(pk=job.pk).rows_done >= 5), "".join(first.lines)
        first.kill()
    finally:
        first.stop()
    job.refresh_from_db()
    assert job.status == ExportStatus.RUNNING and 5 <= job.rows_done < VOLUNTEERS, "cut off mid-way"

    assert wait_until(lambda: ExportJob.objects.get(pk=job.pk).is_stale, timeout=10)
    page = client.get(job_url).content.decode()
    assert reverse("exports:job_retry", args=[job.pk]) in page, "a stale job offers 'try again'"
    assert 'http-equiv="refresh"' not in page

    second = Worker(export_worker_env)
    try:
        finished = wait_until(lambda: ExportJob.objects.get(pk=job.pk).status == ExportStatus.READY, timeout=40)
        assert finished, "".join(second.lines)
    finally:
        second.stop()

    job.refresh_from_db()
    assert job.rows_done == VOLUNTEERS
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert _names_in(download) == sorted(names), "every sign-up once, none missing"


def test_an_export_asked_for_while_redis_is_down_can_be_tried_again_once_it_is_back(
    client, own_redis, exports_settings, coordinator, training, sign_up_person
):
    names = ["แก้ว", "ขิม", "คุณ", "งาม"]
    for name in names:
        sign_up_person(training, name, "ทดสอบ")
    client.force_login(coordinator)
    own_redis.stop()

    response = client.get(reverse("exports:signups", kwargs={"fmt": "csv"}), {"event": training.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.status == ExportStatus.QUEUED, "no 500: the job waits"
    assert wait_until(lambda: ExportJob.objects.get(pk=job.pk).is_stale, timeout=10)
    retry_url = reverse("exports:job_retry", args=[job.pk])
    assert retry_url in client.get(response["Location"]).content.decode()

    own_redis.start()
    app.loader.import_default_modules()
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert client.post(retry_url)["Location"] == response["Location"]
        assert wait_until(lambda: ExportJob.objects.get(pk=job.pk).status == ExportStatus.READY)
    assert _names_in(client.get(reverse("exports:job_download", args=[job.pk]))) == sorted(names)

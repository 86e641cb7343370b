"""A list longer than EXPORT_ASYNC_THRESHOLD is built by a real Celery worker through Redis; the
coordinator watches a progress page, downloads the file, and the file expires."""

import csv
import datetime
import io
import time
from pathlib import Path

import openpyxl
import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from django.utils import timezone, translation

from config.celery import app
from portal.exports.models import ExportJob, ExportStatus
from portal.exports.tasks import delete_expired_exports

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def celery_worker():
    app.loader.import_default_modules()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture
def exports_settings(settings, tmp_path):
    settings.EXPORT_ASYNC_THRESHOLD = 3
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_ROOT = tmp_path / "exports"
    return settings


def _thai(msgid):
    with translation.override("th"):
        return translation.gettext(msgid)


def _wait_until_finished(client, job_url):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        page = client.get(job_url).content.decode()
        if 'http-equiv="refresh"' not in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"the export did not finish in 30 s: {page}")


def test_a_long_list_is_built_by_the_worker_then_downloaded_once_ready_and_expires(
    client, celery_worker, exports_settings, coordinator, other_coordinator, training, sign_up_person
):
    names = ["แก้ว", "ขิม", "คุณ", "งาม", "จันทร์"]
    for name in names:
        sign_up_person(training, name, "ทดสอบ")
    client.force_login(coordinator)
    response = client.get(reverse("exports:signups", kwargs={"fmt": "csv"}), {"event": training.pk})
    job = ExportJob.objects.get()
    job_url = reverse("exports:job", args=[job.pk])
    assert response.status_code == 302 and response["Location"] == job_url
    assert job.rows_total == 5 and job.requested_by == coordinator

    page = _wait_until_finished(client, job_url)
    download_url = reverse("exports:job_download", args=[job.pk])
    assert download_url in page
    job.refresh_from_db()
    assert job.status == ExportStatus.READY and job.rows_done == 5
    assert job.file.name.startswith(f"exports/{job.pk}/") and job.file.name.endswith(".csv")
    # Personal data never lands where a web server might hand out MEDIA_ROOT to anyone.
    assert Path(job.file.path).is_relative_to(exports_settings.EXPORT_ROOT)
    assert not any(Path(exports_settings.MEDIA_ROOT).rglob("*.csv"))
    hours_left = (job.expires_at - timezone.now()) / datetime.timedelta(hours=1)
    assert 23 < hours_left <= 24

    download = client.get(download_url)
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and body.startswith(b"\xef\xbb\xbf")
    first_names = [row[2] for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]
    assert sorted(first_names) == sorted(names)

    client.force_login(other_coordinator)
    assert client.get(job_url).status_code == 404
    assert client.get(download_url).status_code == 404

    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert delete_expired_exports.delay().get(timeout=20) == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.EXPIRED and not job.file
    assert not any((exports_settings.EXPORT_ROOT / "exports" / str(job.pk)).iterdir())
    client.force_login(coordinator)
    gone = client.get(download_url)
    expired = _thai("This file has expired and been deleted. Export the list again to get a fresh copy.")
    assert gone.status_code == 410 and expired in gone.content.decode()


def test_the_progress_page_refreshes_itself_and_counts_rows_until_the_file_is_ready(
    client, exports_settings, coordinator
):
    job = ExportJob.objects.create(
        requested_by=coordinator,
        file_format="xlsx",
        language="th",
        rows_total=5000,
        rows_done=1500,
        status=ExportStatus.RUNNING,
    )
    client.force_login(coordinator)
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress max="5000" value="1500">' in page and "<script" not in page
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 409


def test_a_long_workbook_is_built_by_the_worker_too(
    client, celery_worker, exports_settings, coordinator, training, sign_up_person
):
    for name in ["ทองดี", "ทองคำ", "ทองใบ", "ทองแท้"]:
        sign_up_person(training, name, "ทดสอบ")
    client.force_login(coordinator)
    response = client.get(reverse("exports:signups", kwargs={"fmt": "xlsx"}), {"event": training.pk})
    job = ExportJob.objects.get()
    _wait_until_finished(client, response["Location"])
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith('.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = workbook.active
    assert sheet.title == _thai("Sign-ups") and sheet.freeze_panes == "A4"
    assert sorted(row[2] for row in sheet.iter_rows(min_row=4, values_only=True)) == sorted(
        ["ทองดี", "ทองคำ", "ทองใบ", "ทองแท้"]
    )

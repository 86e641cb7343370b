"""Drill: the site on many machines. Two web machines (gunicorn on two ports) and two Celery workers,
each in a working directory of its own (no shared local disk: tests/drills/machines.py), on one
PostgreSQL, one Redis (a throwaway one) and one S3 endpoint (moto's server), with the production
settings. As people would use it:

- an editor uploads a photo through web A; an approver publishes the page on A; a visitor reading
  the page on web B gets its renditions, which B made, from the object storage; A shows the same;
- a coordinator asks web A for a long export; the worker building it is killed mid-way (the whole
  machine, at once); the other worker builds it (acks_late), and the coordinator downloads it on
  web B: every sign-up once;
- the page, changed and published again on A, is fresh on B at once (the page cache is shared)."""

import csv
import io
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.images.models import Image, Rendition

from cms.models import AnnouncementPage
from config.celery import app
from portal.exports.models import ExportJob, ExportStatus
from tests.drills import machines
from tests.drills.browser import Browser
from tests.drills.conftest import free_port
from tests.fixtures.volunteers import PASSWORD
from tests.object_storage import anonymous_get
from tests.portal.notifications.test_worker import wait_until
from tests.portal.notifications.workers import database_url
from tests.test_object_storage import _png

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
VOLUNTEERS = 30
DEMO_PASSWORD = "demo-2563"


@pytest.fixture
def site(own_redis, object_storage):
    """Web A, web B, worker 1 and worker 2, started together; stopped (and their folders removed) after."""
    environment = machines.machine_environment(
        database_url(),
        own_redis,
        **object_storage,
        EXPORT_ASYNC_THRESHOLD="3",
        DRILL_VISIBILITY_TIMEOUT="2",
        DRILL_SECONDS_PER_EXPORT_ROW="0.1",
    )
    ports = {"A": free_port(), "B": free_port()}
    started = {"A": machines.web("web-a", ports["A"], environment), "B": machines.web("web-b", ports["B"], environment)}
    try:
        yield ports, started, environment
    finally:
        for machine in started.values():
            machine.stop()


def _up(port):
    try:
        return Browser().get(port, "/healthz/live")[0] == 200
    except OSError:
        return False


def _publish_on(port, browser, page):
    """The approver's "Publish" in the page explorer (Wagtail's bulk action), on the machine at `port`."""
    path = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/pages/"
    status, _, _ = browser.post(port, path, {})
    assert status == 302, f"publishing answered {status}"


def _renditions_in(html, s3_url):
    return sorted(set(re.findall(rf'(?:src|content|href)="({re.escape(s3_url)}/[^"]+)"', html)))


def test_the_site_on_two_web_machines_and_two_workers(
    site, s3_server, object_storage, news_index, coordinator, training, sign_up_person
):
    ports, started, environment = site
    names = [f"อาสา{number:02d}" for number in range(VOLUNTEERS)]
    for name in names:
        sign_up_person(training, name, "ทดสอบ")
    app.control.purge()  # the sign-ups' e-mails are not this drill's business
    started["worker 1"] = machines.worker("worker-1", environment)
    started["worker 2"] = machines.worker("worker-2", environment)
    assert wait_until(lambda: _up(ports["A"]) and _up(ports["B"]), timeout=90), started["A"].log() + started["B"].log()
    assert wait_until(lambda: all(started[w].said(" ready.") for w in ("worker 1", "worker 2")), timeout=90), (
        started["worker 1"].log() + started["worker 2"].log()
    )

    # An editor uploads a photo through web A.
    editor, approver, visitor = Browser(), Browser(), Browser()
    editor.log_in_to_the_admin(ports["A"], "editor@example.org", DEMO_PASSWORD)
    status, _, _ = editor.post(
        ports["A"],
        "/admin/images/add/",
        {"title": "จิตอาสาพัฒนาวัด"},
        files={"file": ("temple.png", _png(800, 600), "image/png")},
    )
    assert status == 302
    photo = Image.objects.get(title="จิตอาสาพัฒนาวัด")
    media = object_storage["S3_MEDIA_BUCKET"]
    assert s3_server.keys(media, "original_images/") == [photo.file.name]

    # Their announcement with it (a draft, as the editor saved it) is published by the approver on web A.
    page = news_index.add_child(
        instance=AnnouncementPage(title="จิตอาสาพัฒนาวัดป่า", summary="ภาพกิจกรรม", cover_image=photo, live=False)
    )
    editor_user = get_user_model().objects.get(username="editor")
    page.save_revision(user=editor_user)
    approver.log_in_to_the_admin(ports["A"], "approver@example.org", DEMO_PASSWORD)
    _publish_on(ports["A"], approver, page)
    page.refresh_from_db()
    assert page.live

    # A visitor reads it on web B, which makes the renditions: they come from the object storage.
    status, _, body = visitor.get(ports["B"], page.url)
    html = body.decode()
    assert status == 200 and "จิตอาสาพัฒนาวัดป่า" in html
    renditions = _renditions_in(html, s3_server.url)
    assert renditions and all(url.startswith(f"{s3_server.url}/{media}/images/") for url in renditions), renditions
    for url in renditions:
        status, content, headers = anonymous_get(url)
        assert status == 200 and headers["Content-Type"].startswith("image/") and content, url
    made = Rendition.objects.filter(image=photo).count()
    assert made >= 1
    status, _, body = Browser().get(ports["A"], page.url)
    assert _renditions_in(body.decode(), s3_server.url) == renditions, "web A shows the renditions B made"
    assert Rendition.objects.filter(image=photo).count() == made

    # A coordinator asks web A for the long list; a worker builds it, slowly.
    office = Browser()
    office.log_in_to_the_admin(ports["A"], coordinator.email, PASSWORD)
    status, headers, _ = office.get(
        ports["A"], reverse("exports:signups", kwargs={"fmt": "csv"}) + f"?event={training.pk}"
    )
    job = ExportJob.objects.get()
    assert status == 302 and headers["Location"] == reverse("exports:job", args=[job.pk])
    assert wait_until(lambda: ExportJob.objects.get(pk=job.pk).rows_done >= 3, timeout=30), (
        started["worker 1"].log() + started["worker 2"].log()
    )

    # The machine of the worker building it dies mid-way.
    [building] = [name for name in ("worker 1", "worker 2") if started[name].said("build_signup_export[")]
    started[building].kill()
    job.refresh_from_db()
    assert job.status == ExportStatus.RUNNING and job.rows_done < VOLUNTEERS, "cut off mid-way"
    survivor = started["worker 2" if building == "worker 1" else "worker 1"]
    assert wait_until(lambda: ExportJob.objects.get(pk=job.pk).status == ExportStatus.READY, timeout=60), survivor.log()

    # The coordinator downloads it on web B: the file comes from the private bucket, every sign-up once.
    status, headers, _ = office.get(ports["B"], reverse("exports:job_download", args=[job.pk]))
    assert status == 302 and headers["Location"].startswith(f"{s3_server.url}/{object_storage['S3_EXPORTS_BUCKET']}/")
    status, content, _ = anonymous_get(headers["Location"])
    assert status == 200
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert sorted(row[2] for row in rows[1:]) == sorted(names)  # after the number and the title

    # The page, read on B (and kept in the page cache), is changed and published on A: B shows it at once.
    for _ in range(2):
        assert "จิตอาสาพัฒนาวัดป่า" in visitor.get(ports["B"], page.url)[2].decode()
    page = AnnouncementPage.objects.get(pk=page.pk)
    page.title = "จิตอาสาพัฒนาวัดป่า ครั้งที่ 2"
    page.save_revision(user=editor_user)
    _publish_on(ports["A"], approver, page)
    started_at = time.monotonic()
    status, _, body = visitor.get(ports["B"], page.url)
    assert status == 200 and "จิตอาสาพัฒนาวัดป่า ครั้งที่ 2" in body.decode(), "B shows the page as published on A"
    assert time.monotonic() - started_at < 5

    for machine in started.values():
        assert machine.files_kept() == [], f"{machine.name} kept files on its own disk"

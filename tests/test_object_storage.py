"""Files on object storage, against a real S3 endpoint on the loopback (tests/object_storage.py):
what editors upload and what pages show, documents only through Wagtail's checks, export files in a
private bucket handed out by short-lived signed links after the permission check."""

import csv
import datetime
import io
import re
import urllib.parse

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, Site

from cms.demo_images import demo_image
from cms.models import AnnouncementPage, OrganisationSettings
from portal.events import services
from portal.exports.models import ExportJob, ExportStatus
from portal.exports.tasks import build_signup_export, delete_expired_exports
from tests.object_storage import anonymous_get, start_s3_server

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_without_an_s3_server_the_storage_tests_skip_with_the_reason_and_fail_under_ci(monkeypatch, ci, outcome):
    import moto.server

    def cannot_start(*args, **kwargs):
        raise OSError("no free port")

    monkeypatch.setattr(moto.server, "ThreadedMotoServer", cannot_start)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"moto's S3 server cannot start \(OSError: no free port\)"):
        start_s3_server()


def _png(width=64, height=48):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "green").save(buffer, "PNG")
    return buffer.getvalue()


def _editor(client):
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


def _object_url(s3_server, bucket, key):
    return f"{s3_server.url}/{bucket}/{urllib.parse.quote(key)}"


def test_prepare_object_storage_makes_the_buckets_and_only_renditions_public(s3_server, object_storage):
    media, exports = object_storage["S3_MEDIA_BUCKET"], object_storage["S3_EXPORTS_BUCKET"]
    call_command("prepare_object_storage", stdout=io.StringIO())  # a second run changes nothing
    client = s3_server.client()
    for bucket, key in [
        (media, "images/photo.max-800x600.jpg"),
        (media, "original_images/photo.jpg"),
        (media, "documents/plan.pdf"),
        (exports, "exports/1/signups.csv"),
    ]:
        client.put_object(Bucket=bucket, Key=key, Body=b"x")

    assert anonymous_get(_object_url(s3_server, media, "images/photo.max-800x600.jpg"))[0] == 200
    for bucket, key in [
        (media, "original_images/photo.jpg"),
        (media, "documents/plan.pdf"),
        (exports, "exports/1/signups.csv"),
    ]:
        assert anonymous_get(_object_url(s3_server, bucket, key))[0] == 403, key


def test_an_uploaded_photo_is_in_the_bucket_and_pages_show_its_renditions_from_there(
    client, s3_server, object_storage, make_announcement
):
    media = object_storage["S3_MEDIA_BUCKET"]
    upload = SimpleUploadedFile("งานวัด.png", _png(), content_type="image/png")
    assert _editor(client).post("/admin/images/add/", {"title": "งานวัด", "file": upload}).status_code == 302
    photo = Image.objects.get(title="งานวัด")
    assert s3_server.keys(media, "original_images/") == [photo.file.name]
    client.logout()

    page = make_announcement("จิตอาสาพัฒนาวัด", cover_image=photo)
    response = client.get(page.url)
    html = response.content.decode()
    sources = set(re.findall(rf'(?:src|content)="({re.escape(s3_server.url)}[^"]+)"', html))
    assert sources, "the page shows the photo from the bucket"
    for source in sources:
        assert source.startswith(f"{s3_server.url}/{media}/images/"), source
        status, _, headers = anonymous_get(source)
        assert status == 200 and headers["Content-Type"].startswith("image/"), source
        assert headers["Cache-Control"] == "public, max-age=86400"
    assert photo.file.name not in html, "the original (with its camera data) is never linked"
    assert anonymous_get(_object_url(s3_server, media, photo.file.name))[0] == 403
    assert "X-Amz-Signature" in photo.file.url, "staff get the original by a signed link only"
    assert s3_server.url in response["Content-Security-Policy"].split("img-src", 1)[1].split(";")[0]


@pytest.fixture
def private_collection():
    collection = Collection.get_first_root_node().add_child(name="เอกสารภายใน")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


def test_a_document_goes_out_only_through_the_serve_view_and_never_by_a_public_address(
    client, s3_server, object_storage, private_collection, news_index
):
    media = object_storage["S3_MEDIA_BUCKET"]
    content = b"%PDF-1.4\n% internal plan\n%%EOF\n"
    document = Document.objects.create(
        title="แผนภายใน", collection=private_collection, file=ContentFile(content, name="internal-plan.pdf")
    )
    public = Document.objects.create(title="กำหนดการ", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="schedule.pdf"))
    assert s3_server.keys(media, "documents/") == sorted([document.file.name, public.file.name])
    body = [("document", {"document": document, "title": ""}), ("document", {"document": public, "title": ""})]
    page = news_index.add_child(instance=AnnouncementPage(title="ประกาศพร้อมเอกสาร", summary="เอกสาร", body=body))
    page.save_revision().publish()

    html = client.get(page.url).content.decode()
    assert document.url in html and public.url in html
    assert s3_server.url not in html.split("<body", 1)[1].replace(f"{s3_server.url}/{media}/images/", "")
    for key in (document.file.name, public.file.name):
        assert anonymous_get(_object_url(s3_server, media, key))[0] == 403, key

    refused = client.get(document.url)
    assert refused.status_code == 302 and s3_server.url not in refused["Location"]
    assert "/login/?next=" in refused["Location"], "the collection asks for a login first"

    client.force_login(get_user_model().objects.get(username="volunteer"))
    served = client.get(document.url)
    assert served.status_code == 200, "streamed by Django from the bucket, not a redirect to it"
    assert b"".join(served.streaming_content) == content
    assert served["Content-Disposition"].startswith("attachment")
    assert served["X-Content-Type-Options"] == "nosniff"


def _signed_link_parameters(link):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))


def test_an_export_is_kept_in_the_private_bucket_and_downloaded_by_a_short_lived_signed_link(
    client, s3_server, object_storage, settings, coordinator, other_coordinator, training, sign_up_person
):
    exports = object_storage["S3_EXPORTS_BUCKET"]
    for name in ["แก้ว", "ขิม", "คุณ"]:
        sign_up_person(training, name, "ทดสอบ")
    job = ExportJob.objects.create(
        requested_by=coordinator, file_format="csv", filters={"event": [str(training.pk)]}, language="th", rows_total=3
    )
    build_signup_export(str(job.pk))  # as a worker runs it
    job.refresh_from_db()
    assert job.status == ExportStatus.READY
    assert s3_server.keys(exports) == [job.file.name] and job.file.name.startswith(f"exports/{job.pk}/")
    assert s3_server.keys(object_storage["S3_MEDIA_BUCKET"]) == [], "nothing personal in the media bucket"
    assert anonymous_get(_object_url(s3_server, exports, job.file.name))[0] == 403

    download_url = reverse("exports:job_download", args=[job.pk])
    client.force_login(other_coordinator)
    refused = client.get(download_url)
    assert refused.status_code == 404 and s3_server.url not in refused.content.decode()

    client.force_login(coordinator)
    response = client.get(download_url)
    assert response.status_code == 302
    link = response["Location"]
    assert link.startswith(f"{s3_server.url}/{exports}/exports/{job.pk}/")
    signed = _signed_link_parameters(link)
    assert signed["X-Amz-Expires"] == str(settings.EXPORT_DOWNLOAD_URL_SECONDS) == "60"
    assert signed["X-Amz-Signature"] and signed["X-Amz-Credential"].startswith("test-access-key/")
    assert signed["response-content-disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "no-referrer"
    status, body, headers = anonymous_get(link)
    assert status == 200 and headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    first_name = rows[0].index("ชื่อ")  # the column headed "First name", in Thai
    assert sorted(row[first_name] for row in rows[1:]) == sorted(["แก้ว", "ขิม", "คุณ"])

    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    assert delete_expired_exports() == 1
    assert s3_server.keys(exports) == []
    gone = client.get(download_url)
    assert gone.status_code == 410 and s3_server.url not in gone.content.decode()


def test_a_certificate_shows_the_organisation_logo_kept_on_object_storage(
    client, s3_server, object_storage, event, make_volunteer, coordinator
):
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    organisation.logo = demo_image("Logo", "ตราสัญลักษณ์", 3)
    organisation.save()
    assert s3_server.keys(object_storage["S3_MEDIA_BUCKET"], "original_images/")
    person = make_volunteer("graduate")
    signup = services.sign_up(person, event)
    now = timezone.now()  # the day has come: check-in is open
    type(event).objects.filter(pk=event.pk).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=6)
    )
    signup, _ = services.check_in(signup, coordinator)
    client.force_login(person)

    response = client.get(f"/events/signups/{signup.pk}/certificate.pdf")

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert b"/Subtype /Image" in response.content

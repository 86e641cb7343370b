"""Uploads through the Wagtail admin are limited in size and type, and an uploaded file is never
served in a way that lets the browser run it as a page of the site."""

import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from config.urls import serve_media_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


def _png(width, height, noise=False):
    """A real PNG; with noise it cannot be compressed, so it is about width × height × 3 bytes."""
    if noise:
        picture = PillowImage.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        picture = PillowImage.new("RGB", (width, height), "green")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_within_the_limit_is_accepted(editor_client):
    upload = SimpleUploadedFile("poster.png", _png(40, 30), content_type="image/png")
    response = editor_client.post("/admin/images/add/", {"title": "โปสเตอร์", "file": upload})
    assert response.status_code == 302
    Image.objects.get(title="โปสเตอร์").file.delete(save=False)


def test_an_upload_that_names_no_collection_goes_where_the_form_had_it_selected(editor_client):
    """The events' albums make more than one collection, so the form asks; leaving it out is not an error."""
    from wagtail.models import Collection

    from portal.events.photos import ALBUMS_COLLECTION

    root = Collection.get_first_root_node()
    album = root.get_children().get(name=ALBUMS_COLLECTION).get_children().first()
    assert album, "the demo's finished event has an album"
    form = editor_client.get("/admin/images/add/").context["form"]
    assert form["collection"].value() == root.pk
    for title, chosen, expected in (("ไม่เลือก", None, root), ("เลือกอัลบั้ม", album.pk, album)):
        data = {"title": title, "file": SimpleUploadedFile(f"{chosen}.png", _png(40, 30), content_type="image/png")}
        if chosen:
            data["collection"] = chosen
        assert editor_client.post("/admin/images/add/", data).status_code == 302
        image = Image.objects.get(title=title)
        assert image.collection_id == expected.pk, title
        image.file.delete(save=False)
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert editor_client.post("/admin/documents/add/", {"title": "บันทึก", "file": upload}).status_code == 302
    document = Document.objects.get(title="บันทึก")
    assert document.collection_id == root.pk
    document.file.delete(save=False)


def test_an_image_over_ten_megabytes_is_refused_with_the_limit_in_the_message(editor_client, settings):
    content = _png(2000, 2000, noise=True)
    assert len(content) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    upload = SimpleUploadedFile("huge.png", content, content_type="image/png")
    response = editor_client.post("/admin/images/add/", {"title": "ใหญ่เกินไป", "file": upload})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "10.0" in errors  # the maximum, in MB, as the editor sees it
    assert not Image.objects.filter(title="ใหญ่เกินไป").exists()


@pytest.mark.parametrize(
    "filename, content_type, content",
    [
        ("drawing.svg", "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("page.html", "text/html", b"<script>alert(1)</script>"),
    ],
)
def test_svg_and_html_are_not_accepted_as_images(editor_client, filename, content_type, content):
    upload = SimpleUploadedFile(filename, content, content_type=content_type)
    response = editor_client.post("/admin/images/add/", {"title": filename, "file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Image.objects.filter(title=filename).exists()


@pytest.mark.parametrize(
    "filename, content_type, content",
    [
        ("notice.html", "text/html", b"<html><script>document.cookie</script></html>"),
        ("logo.svg", "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("run.js", "text/javascript", b"alert(1)"),
    ],
)
def test_a_document_a_browser_would_run_is_refused_with_the_supported_formats_listed(
    editor_client, filename, content_type, content
):
    upload = SimpleUploadedFile(filename, content, content_type=content_type)
    response = editor_client.post("/admin/documents/add/", {"title": filename, "file": upload})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "pdf" in errors and "docx" in errors  # the editor is told what would be accepted
    assert not Document.objects.filter(title=filename).exists()


def test_a_pdf_document_is_accepted_and_downloaded_as_an_attachment_with_nosniff(editor_client, client):
    upload = SimpleUploadedFile("schedule.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = editor_client.post("/admin/documents/add/", {"title": "กำหนดการ", "file": upload})
    assert response.status_code == 302
    document = Document.objects.get(title="กำหนดการ")

    client.logout()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    document.file.delete(save=False)


def _served(path):
    request = RequestFactory().get(f"/media/{path}")
    return serve_media_file(request, path)


def test_media_serving_downloads_anything_that_is_not_a_raster_image(settings, tmp_path):
    settings.MEDIA_ROOT, settings.SERVE_MEDIA = tmp_path, True
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "notice.html").write_bytes(b"<script>alert(1)</script>")
    (tmp_path / "original_images" / "logo.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "original_images" / "poster.png").write_bytes(_png(4, 4))

    for path in ("original_images/notice.html", "original_images/logo.svg"):
        response = _served(path)
        assert response.headers["Content-Disposition"].startswith("attachment;"), path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert "sandbox" in response.headers["Content-Security-Policy"], path

    picture = _served("original_images/poster.png")
    assert picture.headers["Content-Type"] == "image/png"
    assert picture.headers["Content-Disposition"].startswith("inline;")
    assert picture.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def private_document(editor_client):
    """A PDF in a collection open to logged-in people only, uploaded through the admin."""
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="เอกสารภายใน")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    upload = SimpleUploadedFile("internal-minutes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    editor_client.post("/admin/documents/add/", {"title": "บันทึกการประชุม", "file": upload, "collection": collection.pk})
    editor_client.logout()
    document = Document.objects.get(title="บันทึกการประชุม")
    yield document
    document.file.delete(save=False)


@pytest.mark.parametrize("serve_media", [True, False], ids=["media served by Django", "media served by a proxy"])
def test_a_private_document_is_served_only_by_wagtails_view_with_its_checks(
    client, settings, private_document, serve_media
):
    settings.SERVE_MEDIA = serve_media
    assert private_document.file.name.startswith("documents/")
    refused = client.get(private_document.url)
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    for path in (
        private_document.file.name,
        f"images/../{private_document.file.name}",
        f"original_images/..%2F{private_document.file.name}",
        private_document.file.name.upper(),
    ):
        assert client.get(f"/media/{path}").status_code == 404, path
    client.force_login(get_user_model().objects.get(username="volunteer"))
    allowed = client.get(private_document.url)
    assert allowed.status_code == 200 and allowed.headers["Content-Disposition"].startswith("attachment")
    assert client.get(f"/media/{private_document.file.name}").status_code == 404


def test_only_wagtails_image_folders_are_served_from_media(settings, tmp_path):
    from django.http import Http404

    settings.MEDIA_ROOT, settings.SERVE_MEDIA = tmp_path, True
    for folder in ("documents", "exports", "original_images", "images"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "file.png").write_bytes(_png(4, 4))
    for path in (
        "documents/file.png",
        "exports/file.png",
        "images/../documents/file.png",
        "/documents/file.png",
        "Documents/file.png",
        "./documents/file.png",
    ):
        with pytest.raises(Http404):
            _served(path)
    assert _served("images/file.png").status_code == 200
    settings.SERVE_MEDIA = False
    with pytest.raises(Http404):
        _served("images/file.png")

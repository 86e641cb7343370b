"""The admin's searches, and the titles and tags of uploaded images and documents: whatever is typed."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from tests.factories import EventFactory
from tests.hostile.admin_forms import assert_refused_in_thai, png, shown_safely
from tests.hostile.typed import ATTRIBUTE, HOSTILE, LONE_MARKS, NULL_BYTE, SCRIPT, TEN_THOUSAND, assert_safe

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_a_temporary_folder")]


# --- the admin's searches -----------------------------------------------------------------------

SEARCHES = [
    ("editor", "/admin/pages/search/?q={}"),
    ("editor", "/admin/images/?q={}"),
    ("editor", "/admin/documents/?q={}"),
    ("editor", "/admin/images/chooser/results/?q={}"),
    ("editor", "/admin/documents/chooser/results/?q={}"),
    ("editor", "/admin/choose-page/search/?q={}"),
    ("coordinator", "/admin/programmes/?q={}"),
    ("coordinator", "/admin/snippets/choose/portal_events/event/results/?q={}"),
    ("editor", "/admin/snippets/choose/portal_events/event/results/?q={}"),
    ("coordinator", "/admin/reports/site-history/?label={}"),
    ("coordinator", "/admin/reports/site-history/results/?user={}"),
    ("admin", "/admin/snippets/cms/contact/?q={}"),
    ("admin", "/admin/users/?q={}"),
]


@pytest.mark.parametrize("role, url", SEARCHES)
def test_every_admin_search_takes_anything(client, staff, ours, role, url):
    EventFactory(programme=ours, title=SCRIPT)
    client.force_login(staff[role])
    for typed in HOSTILE:
        response = client.get(url.format(quote(typed)))
        assert response.status_code == 200, typed
        assert_safe(response)


# --- images and documents -----------------------------------------------------------------------

UPLOADS = {
    "image": ("/admin/images", Image, lambda: SimpleUploadedFile("poster.png", png(), content_type="image/png")),
    "document": (
        "/admin/documents",
        Document,
        lambda: SimpleUploadedFile("schedule.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    ),
}


def upload_as_the_browser_does(client, url, fields):
    """Post the add form with what it shows chosen: the demo's event albums are collections too, so
    the form asks for one, with the root collection selected."""
    form = client.get(f"{url}/add/").context["form"]
    chosen = {"collection": form["collection"].value()} if "collection" in form.fields else {}
    return client.post(f"{url}/add/", {"title": "โปสเตอร์", "tags": "", **chosen, **fields})


@pytest.mark.parametrize("kind", UPLOADS)
@pytest.mark.parametrize(
    "field, typed",
    [("title", SCRIPT), ("title", ATTRIBUTE), ("title", LONE_MARKS[0]), ("tags", SCRIPT), ("tags", LONE_MARKS[1])],
)
def test_an_uploads_title_and_tags_are_stored_as_typed_and_shown_escaped(client, editor, kind, field, typed):
    url, model, upload = UPLOADS[kind]
    response = upload_as_the_browser_does(client, url, {field: typed, "file": upload()})
    assert response.status_code == 302
    stored = model.objects.latest("pk")
    assert stored.collection == Collection.get_first_root_node()  # not into an event's album
    assert (stored.title, list(stored.tags.names())) == ((typed, []) if field == "title" else ("โปสเตอร์", [typed]))
    for page in (
        f"{url}/",
        f"{url}/{stored.pk}/" if kind == "image" else f"{url}/edit/{stored.pk}/",
        f"{url}/?q=" + quote(typed),
        f"{url}/chooser/",
    ):
        shown_safely(client.get(page))
    if field == "title":
        assert escape(typed) in shown_safely(client.get(f"{url}/"))


@pytest.mark.parametrize("kind", UPLOADS)
@pytest.mark.parametrize(
    "field, typed", [("title", TEN_THOUSAND), ("title", NULL_BYTE), ("tags", NULL_BYTE), ("tags", "ก" * 101)]
)
def test_what_an_upload_cannot_hold_is_refused_in_thai(client, editor, kind, field, typed):
    url, model, upload = UPLOADS[kind]
    uploads = model.objects.count()
    response = upload_as_the_browser_does(client, url, {field: typed, "file": upload()})
    assert_refused_in_thai(response)
    assert model.objects.count() == uploads

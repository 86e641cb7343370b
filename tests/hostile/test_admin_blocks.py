"""What editors put in an announcement's blocks: markup shown as text, links that cannot exist, bodies
the editor would never send, ids of the wrong kind, photos in an album."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.utils.html import escape
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import AnnouncementPage
from tests.hostile.admin_forms import (
    announcement_form,
    assert_refused_in_thai,
    assert_shown_escaped_to_everyone,
    create_announcement,
    draftail,
    messages_shown,
    png,
    publish_as_approver,
    shown_safely,
)
from tests.hostile.typed import ATTRIBUTE, NULL_BYTE, SCRIPT, TEN_THOUSAND

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_a_temporary_folder")]


@pytest.fixture
def photo():
    return Image.objects.create(title="ภาพกิจกรรม", file=SimpleUploadedFile("photo.png", png()))


@pytest.fixture
def leaflet():
    return Document.objects.create(title=SCRIPT, file=SimpleUploadedFile("leaflet.pdf", b"%PDF-1.4\n%%EOF\n"))


def album(title, photo, **fields):
    value = {"image": photo.pk, "alt_text": "ภาพกิจกรรม", "caption": "", **fields}
    one_photo = {"value": value, "deleted": "", "order": "0"}
    return {"title": title, "photos": {"count": "1", "0": one_photo}}


def test_markup_in_every_kind_of_block_is_shown_as_text(client, staff, news_index, editor, photo, leaflet):
    body = [
        ("paragraph", draftail(SCRIPT)),
        ("paragraph", draftail(ATTRIBUTE)),
        ("heading", {"text": SCRIPT, "level": "h2"}),
        ("quote", {"quote": ATTRIBUTE, "attribution": SCRIPT}),
        ("image", {"image": photo.pk, "alt_text": ATTRIBUTE, "caption": SCRIPT}),
        ("gallery", album(ATTRIBUTE, photo, alt_text=ATTRIBUTE, caption=SCRIPT)),
        ("document", {"document": leaflet.pk, "title": ""}),  # the link shows the document's own title
    ]
    data = announcement_form(body=streamfield(body))
    response = create_announcement(client, news_index, data)
    assert response.status_code == 302, list(messages_shown(response))
    published = assert_shown_escaped_to_everyone(client, staff, news_index, data, SCRIPT)
    html = shown_safely(client.get(published.url))
    assert html.count(escape(SCRIPT)) >= 6
    assert escape(ATTRIBUTE) in html


def test_a_script_pasted_into_the_body_is_stripped_and_a_javascript_link_loses_its_target(
    client, staff, news_index, editor
):
    pasted = (
        '<p>ก่อน<script>alert(1)</script>หลัง</p><p onclick="alert(1)">คลิก</p>'
        '<p><a href="javascript:alert(1)">ลิงก์</a> <a href="' + escape(ATTRIBUTE) + '">อีกลิงก์</a></p>'
    )
    body = [
        ("paragraph", rich_text(pasted, features=["bold", "italic", "link"])),
        ("paragraph", draftail("ลิงก์ร้าย", link="javascript:alert(1)")),
    ]
    data = announcement_form(body=streamfield(body))
    assert create_announcement(client, news_index, data).status_code == 302
    stored = json.dumps(AnnouncementPage.objects.get(slug=data["slug"]).get_latest_revision().content["body"])
    assert "<script" not in stored and "javascript:" not in stored and "onclick" not in stored
    published = publish_as_approver(client, staff, AnnouncementPage.objects.get(slug=data["slug"]), data)
    html = shown_safely(client.get(published.url))
    assert "ก่อน" in html and "คลิก" in html and "ลิงก์ร้าย" in html
    assert "javascript:" not in html and 'onclick="alert' not in html
    assert "<a>ลิงก์ร้าย</a>" in html
    assert f'href="{escape(ATTRIBUTE)}"' in html


def linked_paragraph(text, entity):
    block = {
        "key": "d0c5",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
    }
    return json.dumps({"blocks": [block], "entityMap": {"0": {"mutability": "MUTABLE", **entity}}})


@pytest.mark.parametrize(
    "entity",
    [
        {"type": "DOCUMENT", "data": {"id": "abc", "url": "/documents/abc/"}},
        {"type": "DOCUMENT", "data": {"id": SCRIPT}},
        {"type": "LINK", "data": {"id": "1 OR 1=1", "url": "/", "parentId": None}},
    ],
    ids=["document id of letters", "document id of markup", "page id of SQL"],
)
def test_a_link_to_a_page_or_document_that_cannot_exist_becomes_plain_text(client, staff, news_index, editor, entity):
    data = announcement_form(body=streamfield([("paragraph", linked_paragraph("เอกสารประกอบ", entity))]))
    assert create_announcement(client, news_index, data).status_code == 302

    page = AnnouncementPage.objects.get(slug=data["slug"])
    [paragraph] = page.get_latest_revision().as_object().body
    assert "เอกสารประกอบ" in paragraph.value.source and "linktype" not in paragraph.value.source
    assert_shown_escaped_to_everyone(client, staff, news_index, data, "เอกสารประกอบ")


NOT_FROM_THE_EDITOR = {
    "markup instead of the editor's JSON": SCRIPT,
    "JSON of another shape": json.dumps({"blocks": ATTRIBUTE}),
    "a list": "[]",
    "a number where the text goes": draftail("x").replace('"text": "x"', '"text": 5'),
}


@pytest.mark.parametrize("posted", NOT_FROM_THE_EDITOR.values(), ids=NOT_FROM_THE_EDITOR.keys())
def test_a_body_the_editor_would_never_send_is_kept_as_plain_text(client, staff, news_index, editor, posted):
    data = announcement_form(body=streamfield([("paragraph", posted)]))
    response = create_announcement(client, news_index, data)
    assert response.status_code == 302
    [paragraph] = AnnouncementPage.objects.get(slug=data["slug"]).get_latest_revision().as_object().body
    assert paragraph.value.source == f"<p>{escape(posted)}</p>"
    assert_shown_escaped_to_everyone(client, staff, news_index, data, posted)


def test_an_introduction_the_editor_would_never_send_is_kept_as_plain_text(client, news_index, editor):
    data = nested_form_data(
        {
            "title": news_index.title,
            "slug": news_index.slug,
            "intro": SCRIPT,
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    response = client.post(f"/admin/pages/{news_index.pk}/edit/", data)
    assert response.status_code == 302
    news_index.refresh_from_db()
    assert news_index.get_latest_revision().as_object().intro == f"<p>{escape(SCRIPT)}</p>"
    shown_safely(client.get(f"/admin/pages/{news_index.pk}/view_draft/"))


BLOCK_REFUSALS = {
    "null byte in a paragraph": ("paragraph", draftail(NULL_BYTE)),
    "heading over 200": ("heading", {"text": TEN_THOUSAND, "level": "h2"}),
    "heading level that is not offered": ("heading", {"text": "หัวข้อ", "level": ATTRIBUTE}),
    "null byte in a quote": ("quote", {"quote": NULL_BYTE, "attribution": ""}),
    "attribution over 200": ("quote", {"quote": "คำคม", "attribution": "ก" * 201}),
    "a video link that is not a link": ("embed", SCRIPT),
}


@pytest.mark.parametrize("block", BLOCK_REFUSALS.values(), ids=BLOCK_REFUSALS.keys())
def test_what_a_block_cannot_hold_is_refused_in_thai_beside_the_block(client, news_index, editor, block):
    pages = Page.objects.count()
    response = create_announcement(client, news_index, announcement_form(body=streamfield([block])))
    assert_refused_in_thai(response)
    assert Page.objects.count() == pages


WRONG_IDS = ["abc", SCRIPT, "1.5", "-"]
CHOSEN_FIELDS = {
    "cover image": lambda wrong: {"cover_image": wrong},
    "related announcement": lambda wrong: {"related_links": inline_formset([{"announcement": wrong}])},
}
CHOSEN_IN_BLOCKS = {
    "image block": lambda wrong: ("image", {"image": wrong, "alt_text": "ภาพ", "caption": ""}),
    "document block": lambda wrong: ("document", {"document": wrong, "title": ""}),
    "event card": lambda wrong: ("event_card", {"event": wrong, "note": ""}),
}


@pytest.mark.parametrize("wrong", WRONG_IDS)
@pytest.mark.parametrize("chosen", CHOSEN_FIELDS.values(), ids=CHOSEN_FIELDS.keys())
def test_a_field_chosen_by_an_id_of_the_wrong_kind_is_refused_in_thai(client, news_index, editor, chosen, wrong):
    pages = Page.objects.count()
    response = create_announcement(client, news_index, announcement_form(**chosen(wrong)))
    assert_refused_in_thai(response)
    assert Page.objects.count() == pages


@pytest.mark.parametrize("wrong", WRONG_IDS)
@pytest.mark.parametrize("block", CHOSEN_IN_BLOCKS.values(), ids=CHOSEN_IN_BLOCKS.keys())
def test_a_block_chosen_by_an_id_of_the_wrong_kind_holds_nothing_and_cannot_be_published(
    client, staff, news_index, editor, block, wrong
):
    """A draft may leave a block's object unchosen (Wagtail checks required fields when publishing)."""
    data = announcement_form(body=streamfield([block(wrong)]))
    assert create_announcement(client, news_index, data).status_code == 302
    page = AnnouncementPage.objects.get(slug=data["slug"])
    [stored] = page.get_latest_revision().as_object().body
    assert not any(isinstance(value, Model) for value in stored.value.values())
    shown_safely(client.get(f"/admin/pages/{page.pk}/edit/"))
    shown_safely(client.get(f"/admin/pages/{page.pk}/view_draft/"))

    client.force_login(staff["approver"])
    assert_refused_in_thai(client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "action-publish"}))
    assert not AnnouncementPage.objects.get(pk=page.pk).live


@pytest.mark.parametrize("field, typed", [("caption", "ก" * 251), ("alt_text", NULL_BYTE), ("alt_text", "ก" * 251)])
def test_what_a_photo_in_an_album_cannot_hold_is_refused_in_thai(client, news_index, editor, photo, field, typed):
    pages = Page.objects.count()
    body = streamfield([("gallery", album("ภาพกิจกรรม", photo, **{field: typed}))])
    response = create_announcement(client, news_index, announcement_form(body=body))
    assert_refused_in_thai(response)
    assert Page.objects.count() == pages

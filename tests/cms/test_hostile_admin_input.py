"""What editors and coordinators type in the Wagtail admin: the page editor, events and programmes,
image and document uploads, and the admin's searches. Whatever they type is stored exactly and shown
escaped (in the admin and on the public site), or refused with a message in Thai. Never a server error.

The forms are posted as the browser posts them; the test client re-raises a view's exception, so a 500
fails here with its traceback."""

import io
import json
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.utils.html import escape
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import AnnouncementPage, StandardPage
from portal.events.models import Activity, Event, Programme
from tests.portal.admin.conftest import make_event
from tests.test_hostile_input import (  # noqa: F401  (coordinator is a fixture)
    ATTRIBUTE,
    HOSTILE,
    LONE_MARKS,
    NULL_BYTE,
    PAPER_LIARS,
    SCRIPT,
    TEN_THOUSAND,
    THAI,
    assert_safe,
    coordinator,
    strings_in,
)

pytestmark = pytest.mark.django_db

def shown_safely(response):
    """The page a person opened, checked: it came up, and nothing typed into it runs."""
    assert response.status_code == 200
    assert_safe(response)
    return response.content.decode()


def messages_shown(response):
    """Every error message the form shows beside its fields, its inline rows and its stream blocks."""
    form = response.context["form"]
    for errors in form.errors.values():
        for error in errors.as_data():
            if hasattr(error, "as_json_data"):  # a stream block's errors, shown by the block
                yield from strings_in(error.as_json_data())
            else:
                yield from error.messages
    for formset in getattr(form, "formsets", {}).values():
        for row_errors in formset.errors:
            for errors in row_errors.values():
                yield from errors
        yield from formset.non_form_errors()


def assert_refused_in_thai(response):
    assert response.status_code == 200
    assert_safe(response)
    shown = list(messages_shown(response)) + [str(message) for message in response.context["messages"]]
    assert shown, "the form came back without saying what is wrong"
    untranslated = [message for message in shown if not THAI.search(message)]
    assert not untranslated, f"messages not in Thai: {untranslated}"


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return buffer.getvalue()


# --- the page editor ----------------------------------------------------------------------------


def announcement_form(**changes):
    fields = {
        "title": "ข่าวกิจกรรมจิตอาสา", "slug": "volunteer-news", "date": "2026-11-29", "place": "",
        "summary": "สรุปข่าว", "cover_image": "", "cover_alt_text": "", "tags": "", "seo_title": "",
        "search_description": "", "go_live_at": "", "expire_at": "", "body": streamfield([]),
        "related_links": inline_formset([]), "contacts": inline_formset([]),
    }
    fields.update(changes)
    return nested_form_data(fields)


def draftail(text, link=None):
    """The rich text editor's own format (Draft.js content), as the browser sends it: one paragraph,
    all of it a link to `link` if given."""
    entities = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link}}} if link else {}
    block = {"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [],
             "entityRanges": [{"offset": 0, "length": len(text), "key": 0}] if link else []}
    return json.dumps({"blocks": [block], "entityMap": entities})


def create_announcement(client, news_index, data):
    return client.post(f"/admin/pages/add/cms/announcementpage/{news_index.pk}/", data)


def publish_as_approver(client, staff, page, data):
    """The approver opens the draft and presses Publish, which posts the same form again."""
    client.force_login(staff["approver"])
    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, list(messages_shown(response))
    client.logout()
    return page.specific_class.objects.get(pk=page.pk)


def assert_shown_escaped_to_everyone(client, staff, news_index, data, typed):
    """The editor's draft preview, the approver's publish and the visitor's page all show `typed` as text."""
    page = AnnouncementPage.objects.get(slug=data["slug"])
    shown_safely(client.get(f"/admin/pages/{page.pk}/view_draft/"))
    shown_safely(client.get(f"/admin/pages/{page.pk}/edit/"))
    shown_safely(client.get(f"/admin/pages/{news_index.pk}/"))
    published = publish_as_approver(client, staff, page, data)
    assert published.live
    assert escape(typed) in shown_safely(client.get(published.url))
    shown_safely(client.get(news_index.url))
    return published


ANNOUNCEMENT_TEXT = [
    ("title", SCRIPT), ("title", ATTRIBUTE), ("title", LONE_MARKS[0]), ("title", LONE_MARKS[1]),
    ("seo_title", ATTRIBUTE), ("search_description", ATTRIBUTE), ("summary", SCRIPT), ("place", ATTRIBUTE),
]


@pytest.mark.parametrize("field, typed", ANNOUNCEMENT_TEXT)
def test_an_announcements_text_is_stored_as_typed_and_shown_escaped(client, staff, news_index, editor, field, typed):
    data = announcement_form(**{field: typed})
    response = create_announcement(client, news_index, data)
    assert response.status_code == 302, list(messages_shown(response))
    page = AnnouncementPage.objects.get(slug=data["slug"])
    assert page.get_latest_revision().content[field] == typed
    assert_shown_escaped_to_everyone(client, staff, news_index, data, typed)


def test_a_tag_is_stored_as_typed_and_shown_escaped(client, staff, news_index, editor):
    data = announcement_form(tags=SCRIPT)
    assert create_announcement(client, news_index, data).status_code == 302
    published = assert_shown_escaped_to_everyone(client, staff, news_index, data, SCRIPT)
    assert list(published.tags.names()) == [SCRIPT]
    shown_safely(client.get(news_index.url + "?tag=" + quote(SCRIPT)))


ANNOUNCEMENT_REFUSALS = [
    ("title", TEN_THOUSAND), ("title", NULL_BYTE), ("slug", SCRIPT), ("slug", "ก" * 256), ("slug", NULL_BYTE),
    ("slug", LONE_MARKS[0]), ("summary", TEN_THOUSAND), ("summary", NULL_BYTE), ("seo_title", TEN_THOUSAND),
    ("search_description", NULL_BYTE), ("place", TEN_THOUSAND), ("cover_alt_text", TEN_THOUSAND),
    ("tags", NULL_BYTE), ("tags", "ก" * 101), ("date", "31/02/2563"),
]


@pytest.mark.parametrize("field, typed", ANNOUNCEMENT_REFUSALS)
def test_what_an_announcement_cannot_hold_is_refused_in_thai(client, news_index, editor, field, typed):
    pages = Page.objects.count()
    response = create_announcement(client, news_index, announcement_form(**{field: typed}))
    assert_refused_in_thai(response)
    assert Page.objects.count() == pages


@pytest.mark.parametrize("typed", [SCRIPT, TEN_THOUSAND, NULL_BYTE], ids=["script", "10000 chars", "null byte"])
def test_retitling_a_published_announcement(client, staff, news_index, make_announcement, editor, typed):
    page = make_announcement("ข่าวเดิม")
    data = announcement_form(title=typed, slug=page.slug, date="2020-08-01", summary=page.summary)
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert page.title == "ข่าวเดิม"  # the live page changes only when an approver publishes
    if response.status_code == 302:
        assert page.get_latest_revision().content["title"] == typed
        assert_shown_escaped_to_everyone(client, staff, news_index, data, typed)
    else:
        assert_refused_in_thai(response)
        assert page.get_latest_revision().content["title"] == "ข่าวเดิม"


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
    pasted = ('<p>ก่อน<script>alert(1)</script>หลัง</p><p onclick="alert(1)">คลิก</p>'
              '<p><a href="javascript:alert(1)">ลิงก์</a> <a href="' + escape(ATTRIBUTE) + '">อีกลิงก์</a></p>')
    body = [("paragraph", rich_text(pasted, features=["bold", "italic", "link"])),
            ("paragraph", draftail("ลิงก์ร้าย", link="javascript:alert(1)"))]
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
    block = {"key": "d0c5", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [],
             "entityRanges": [{"offset": 0, "length": len(text), "key": 0}]}
    return json.dumps({"blocks": [block], "entityMap": {"0": {"mutability": "MUTABLE", **entity}}})


@pytest.mark.parametrize("entity", [
    {"type": "DOCUMENT", "data": {"id": "abc", "url": "/documents/abc/"}},
    {"type": "DOCUMENT", "data": {"id": SCRIPT}},
    {"type": "LINK", "data": {"id": "1 OR 1=1", "url": "/", "parentId": None}},
], ids=["document id of letters", "document id of markup", "page id of SQL"])
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
    data = nested_form_data({"title": news_index.title, "slug": news_index.slug, "intro": SCRIPT, "seo_title": "",
                             "search_description": "", "go_live_at": "", "expire_at": ""})
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
def test_a_block_chosen_by_an_id_of_the_wrong_kind_holds_nothing_and_cannot_be_published(client, staff, news_index,
                                                                                         editor, block, wrong):
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


def test_a_standard_page_with_markup_in_its_title_and_introduction(client, staff, editor):
    home = Page.objects.get(url_path="/portal/")
    data = nested_form_data({"title": SCRIPT, "slug": "hostile-about", "intro": ATTRIBUTE, "body": streamfield([]),
                             "seo_title": "", "search_description": SCRIPT, "go_live_at": "", "expire_at": ""})
    response = client.post(f"/admin/pages/add/cms/standardpage/{home.pk}/", data)
    assert response.status_code == 302, list(messages_shown(response))
    page = StandardPage.objects.get(slug="hostile-about")
    shown_safely(client.get(f"/admin/pages/{page.pk}/view_draft/"))
    published = publish_as_approver(client, staff, page, data)
    html = shown_safely(client.get(published.url))
    assert escape(SCRIPT) in html and escape(ATTRIBUTE) in html
    shown_safely(client.get("/search/?q=alert"))


# --- the admin's searches -----------------------------------------------------------------------

SEARCHES = [
    ("editor", "/admin/pages/search/?q={}"), ("editor", "/admin/images/?q={}"), ("editor", "/admin/documents/?q={}"),
    ("editor", "/admin/images/chooser/results/?q={}"), ("editor", "/admin/documents/chooser/results/?q={}"),
    ("editor", "/admin/choose-page/search/?q={}"), ("coordinator", "/admin/programmes/?q={}"),
    ("coordinator", "/admin/snippets/choose/portal_events/event/results/?q={}"),
    ("editor", "/admin/snippets/choose/portal_events/event/results/?q={}"),
    ("coordinator", "/admin/reports/site-history/?label={}"),
    ("coordinator", "/admin/reports/site-history/results/?user={}"),
    ("admin", "/admin/snippets/cms/contact/?q={}"), ("admin", "/admin/users/?q={}"),
]


@pytest.mark.parametrize("role, url", SEARCHES)
def test_every_admin_search_takes_anything(client, staff, ours, role, url):
    make_event(ours, SCRIPT)
    client.force_login(staff[role])
    for typed in HOSTILE:
        response = client.get(url.format(quote(typed)))
        assert response.status_code == 200, typed
        assert_safe(response)


# --- events and programmes ----------------------------------------------------------------------

EVENTS = "/admin/snippets/portal_events/event"
# Staff may put a web address in a title; everything else that lies on paper is refused there too.
STAFF_LIARS = [typed for typed in PAPER_LIARS if "://" not in typed]


def event_form(programme, **changes):
    fields = {
        "programme": programme.pk, "title": "อบรมจิตอาสา", "title_en": "", "description": "", "description_en": "",
        "place_name": "อบต.ด่านแม่ละเมา", "province_code": "63", "district_code": "6306", "subdistrict_code": "630609",
        "map_url": "", "starts_at": "2030-01-10 09:00", "ends_at": "2030-01-10 16:00",
        "registration_opens_at": "2029-12-01 09:00", "registration_closes_at": "2030-01-09 09:00",
        "cancellation_deadline": "2030-01-08 09:00", "reminder_schedule": "3d, 1d", "capacity": "70", "min_age": "",
        "max_age": "", "hours": "", "status": "published",
        "activities": inline_formset([{"id": "", "title": "บรรยายศาสตร์พระราชา", "title_en": "", "kind": "lecture",
                                       "order": "1", "starts_at": "2030-01-10 09:00", "ends_at": "2030-01-10 10:00",
                                       "capacity": ""}]),
    }
    fields.update(changes)
    return nested_form_data(fields)


EVENT_TEXT = [
    ("title", SCRIPT), ("title", ATTRIBUTE), ("title_en", ATTRIBUTE), ("place_name", ATTRIBUTE),
    ("description", SCRIPT), ("activities-0-title", SCRIPT),
]


@pytest.mark.parametrize("field, typed", EVENT_TEXT)
def test_an_events_text_is_stored_as_typed_and_shown_escaped(client, coordinator, ours, field, typed):
    response = client.post(f"{EVENTS}/add/", event_form(ours, **{field: typed}))
    assert response.status_code == 302
    event = Event.objects.get(programme=ours)
    stored = event.activities.get().title if field.startswith("activities") else getattr(event, field)
    assert stored == typed
    for url in (f"{EVENTS}/edit/{event.pk}/", f"{EVENTS}/?q=" + quote(typed), "/admin/", "/admin/signups/"):
        shown_safely(client.get(url))
    listing = shown_safely(client.get(f"{EVENTS}/"))
    if field == "title":
        assert escape(typed) in listing
    client.logout()
    shown = shown_safely(client.get(f"/{'en/' if field == 'title_en' else ''}events/{event.pk}/"))
    if not field.startswith("activities"):
        assert escape(typed) in shown
    shown_safely(client.get("/events/"))


EVENT_REFUSALS = [
    ("title", TEN_THOUSAND), ("title", NULL_BYTE), ("place_name", NULL_BYTE), ("description", NULL_BYTE),
    ("activities-0-title", TEN_THOUSAND), ("activities-0-title", NULL_BYTE), ("reminder_schedule", SCRIPT),
    ("capacity", "1e5"), ("capacity", "-1"), ("starts_at", "31/02/2563"), ("map_url", ATTRIBUTE),
    ("eligible_groups", SCRIPT), ("eligible_groups", "9" * 30), ("eligible_groups", '["' + SCRIPT + '"]'),
    ("eligible_groups", '{"youth": 1}'),
    # Text that would not read on paper as typed (portal/thai/text.py).
    *[(field, typed) for field in ("title", "title_en", "place_name", "activities-0-title") for typed in STAFF_LIARS],
    ("description", "\u202eกำหนดการ"), ("title", LONE_MARKS[0]), ("title", LONE_MARKS[1]),
]


@pytest.mark.parametrize("field, typed", EVENT_REFUSALS)
def test_what_an_event_cannot_hold_is_refused_in_thai(client, coordinator, ours, field, typed):
    response = client.post(f"{EVENTS}/add/", event_form(ours, **{field: typed}))
    assert_refused_in_thai(response)
    assert not Event.objects.filter(programme=ours).exists()


@pytest.mark.parametrize("typed", [SCRIPT, TEN_THOUSAND, NULL_BYTE], ids=["script", "10000 chars", "null byte"])
def test_renaming_an_event_and_its_activity(client, coordinator, ours, typed):
    event = make_event(ours, "อบรมนวัตกรสังคม")
    activity = Activity.objects.create(event=event, title="บรรยาย", kind="lecture", starts_at=event.starts_at,
                                       ends_at=event.ends_at, order=1)
    data = event_form(ours, title=typed, activities=inline_formset(
        [{"id": activity.pk, "title": typed, "title_en": "", "kind": "lecture", "order": "1",
          "starts_at": "2030-01-10 09:00", "ends_at": "2030-01-10 10:00", "capacity": ""}], initial=1))
    response = client.post(f"{EVENTS}/edit/{event.pk}/", data)
    event.refresh_from_db()
    activity.refresh_from_db()
    if response.status_code == 302:
        assert (event.title, activity.title) == (typed, typed)
        assert escape(typed) in shown_safely(client.get(f"{EVENTS}/"))
    else:
        assert_refused_in_thai(response)
        assert (event.title, activity.title) == ("อบรมนวัตกรสังคม", "บรรยาย")


def test_another_programmes_event_cannot_be_renamed(client, coordinator, theirs):
    event = make_event(theirs, "งานของโครงการอื่น")
    response = client.post(f"{EVENTS}/edit/{event.pk}/", event_form(theirs, title=SCRIPT))
    assert response.status_code == 404
    assert_safe(response)
    event.refresh_from_db()
    assert event.title == "งานของโครงการอื่น"


def test_an_editor_cannot_create_an_event_whatever_is_typed(client, staff, ours):
    client.force_login(staff["editor"])
    response = client.post(f"{EVENTS}/add/", event_form(ours, title=SCRIPT), follow=True)
    assert_safe(response)
    assert response.redirect_chain[0][0] == "/admin/"
    assert not Event.objects.filter(programme=ours).exists()


PROGRAMME_TEXT = [("name", SCRIPT), ("name", ATTRIBUTE), ("organisers", SCRIPT), ("organisers", "อบต.\r\nพม."),
                  ("signatory_name", ATTRIBUTE), ("signatory_title", SCRIPT)]


def programme_form(**changes):
    return {"name": "ตำบลสร้างเสริมสวัสดิการสังคม", "name_en": "", "organisers": "อบต.ด่านแม่ละเมา",
            "fiscal_year": "2563", "signatory_name": "", "signatory_title": "", **changes}


@pytest.mark.parametrize("field, typed", PROGRAMME_TEXT)
def test_a_programmes_text_is_stored_as_typed_and_shown_escaped(client, coordinator, ours, field, typed):
    event = make_event(ours, "อบรมนวัตกรสังคม")
    response = client.post(f"/admin/programmes/edit/{ours.pk}/", programme_form(**{field: typed}))
    assert response.status_code == 302
    ours.refresh_from_db()
    assert getattr(ours, field) == typed
    for url in ("/admin/programmes/", f"/admin/programmes/edit/{ours.pk}/", f"{EVENTS}/", "/admin/signups/"):
        shown_safely(client.get(url))
    if field == "name":
        assert escape(typed) in shown_safely(client.get("/admin/programmes/"))
        assert escape(typed) in shown_safely(client.get(f"/events/{event.pk}/"))


PROGRAMME_REFUSALS = [("name", TEN_THOUSAND), ("name", NULL_BYTE), ("name_en", NULL_BYTE), ("organisers", NULL_BYTE),
                      ("signatory_name", TEN_THOUSAND), ("fiscal_year", "9" * 30), ("fiscal_year", SCRIPT),
                      ("name", LONE_MARKS[1]), ("organisers", "\u202eอบต."),
                      *[(field, typed) for field in ("name", "signatory_name", "signatory_title")
                        for typed in STAFF_LIARS]]


@pytest.mark.parametrize("field, typed", PROGRAMME_REFUSALS)
def test_what_a_programme_cannot_hold_is_refused_in_thai(client, coordinator, ours, field, typed):
    response = client.post(f"/admin/programmes/edit/{ours.pk}/", programme_form(**{field: typed}))
    assert_refused_in_thai(response)
    assert Programme.objects.get(pk=ours.pk).name == "ตำบลสร้างเสริมสวัสดิการสังคม"


# --- images and documents -----------------------------------------------------------------------

UPLOADS = {
    "image": ("/admin/images", Image, lambda: SimpleUploadedFile("poster.png", png(), content_type="image/png")),
    "document": ("/admin/documents", Document,
                 lambda: SimpleUploadedFile("schedule.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")),
}


@pytest.mark.parametrize("kind", UPLOADS)
@pytest.mark.parametrize("field, typed", [("title", SCRIPT), ("title", ATTRIBUTE), ("title", LONE_MARKS[0]),
                                          ("tags", SCRIPT), ("tags", LONE_MARKS[1])])
def test_an_uploads_title_and_tags_are_stored_as_typed_and_shown_escaped(client, editor, kind, field, typed):
    url, model, upload = UPLOADS[kind]
    response = client.post(f"{url}/add/", {"title": "โปสเตอร์", "tags": "", field: typed, "file": upload()})
    assert response.status_code == 302
    stored = model.objects.latest("pk")
    assert (stored.title, list(stored.tags.names())) == ((typed, []) if field == "title" else ("โปสเตอร์", [typed]))
    for page in (f"{url}/", f"{url}/{stored.pk}/" if kind == "image" else f"{url}/edit/{stored.pk}/",
                 f"{url}/?q=" + quote(typed), f"{url}/chooser/"):
        shown_safely(client.get(page))
    if field == "title":
        assert escape(typed) in shown_safely(client.get(f"{url}/"))


@pytest.mark.parametrize("kind", UPLOADS)
@pytest.mark.parametrize("field, typed", [("title", TEN_THOUSAND), ("title", NULL_BYTE), ("tags", NULL_BYTE),
                                          ("tags", "ก" * 101)])
def test_what_an_upload_cannot_hold_is_refused_in_thai(client, editor, kind, field, typed):
    url, model, upload = UPLOADS[kind]
    uploads = model.objects.count()
    response = client.post(f"{url}/add/", {"title": "โปสเตอร์", "tags": "", field: typed, "file": upload()})
    assert_refused_in_thai(response)
    assert model.objects.count() == uploads

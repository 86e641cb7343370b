"""What editors type in the page editor: an announcement's and a standard page's text, stored exactly and
shown escaped (in the admin and on the public site), or refused with a message in Thai. The forms are
posted as the browser posts them (tests/hostile/admin_forms.py)."""

from urllib.parse import quote

import pytest
from django.utils.html import escape
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import AnnouncementPage, StandardPage
from tests.hostile.admin_forms import (
    announcement_form,
    assert_refused_in_thai,
    assert_shown_escaped_to_everyone,
    create_announcement,
    messages_shown,
    publish_as_approver,
    shown_safely,
)
from tests.hostile.typed import ATTRIBUTE, LONE_MARKS, NULL_BYTE, SCRIPT, TEN_THOUSAND

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_a_temporary_folder")]


ANNOUNCEMENT_TEXT = [
    ("title", SCRIPT),
    ("title", ATTRIBUTE),
    ("title", LONE_MARKS[0]),
    ("title", LONE_MARKS[1]),
    ("seo_title", ATTRIBUTE),
    ("search_description", ATTRIBUTE),
    ("summary", SCRIPT),
    ("place", ATTRIBUTE),
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
    ("title", TEN_THOUSAND),
    ("title", NULL_BYTE),
    ("slug", SCRIPT),
    ("slug", "ก" * 256),
    ("slug", NULL_BYTE),
    ("slug", LONE_MARKS[0]),
    ("summary", TEN_THOUSAND),
    ("summary", NULL_BYTE),
    ("seo_title", TEN_THOUSAND),
    ("search_description", NULL_BYTE),
    ("place", TEN_THOUSAND),
    ("cover_alt_text", TEN_THOUSAND),
    ("tags", NULL_BYTE),
    ("tags", "ก" * 101),
    ("date", "31/02/2563"),
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


def test_a_standard_page_with_markup_in_its_title_and_introduction(client, staff, editor):
    home = Page.objects.get(url_path="/portal/")
    data = nested_form_data(
        {
            "title": SCRIPT,
            "slug": "hostile-about",
            "intro": ATTRIBUTE,
            "body": streamfield([]),
            "seo_title": "",
            "search_description": SCRIPT,
            "go_live_at": "",
            "expire_at": "",
        }
    )
    response = client.post(f"/admin/pages/add/cms/standardpage/{home.pk}/", data)
    assert response.status_code == 302, list(messages_shown(response))
    page = StandardPage.objects.get(slug="hostile-about")
    shown_safely(client.get(f"/admin/pages/{page.pk}/view_draft/"))
    published = publish_as_approver(client, staff, page, data)
    html = shown_safely(client.get(published.url))
    assert escape(SCRIPT) in html and escape(ATTRIBUTE) in html
    shown_safely(client.get("/search/?q=alert"))

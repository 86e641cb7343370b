"""Slugs keep Thai vowels and tone marks: Django's own rules dropped or refused them, and "ข่าว"
(news) became "ขาว" (white)."""

from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from cms.models import AnnouncementPage
from cms.thai_slugs import slugify, validate_thai_slug
from tests.hostile.admin_forms import announcement_form, create_announcement, publish_as_approver

THAI_TEXT = st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B) | st.sampled_from(" -_!?.,"))


@pytest.mark.parametrize(
    "title, slug",
    [
        ("ข่าว อบรมผู้สูงอายุ", "ข่าว-อบรมผู้สูงอายุ"),
        ("  น้ำท่วม!!  ตำบลแม่ระมาด ", "น้ำท่วม-ตำบลแม่ระมาด"),
        ("Volunteer Day 2569", "volunteer-day-2569"),
        ("่ ข่าว ั้", "ข่าว"),  # marks with no letter to sit on are dropped
    ],
)
def test_a_slug_made_from_a_title_keeps_thai_marks(title, slug):
    assert slugify(title, allow_unicode=True) == slug


def test_without_unicode_a_slug_is_plain_ascii_as_before():
    assert slugify("Volunteer Day: ข่าว", allow_unicode=False) == "volunteer-day"


@given(THAI_TEXT)
@example("_็")  # a mark on "_", which stripping leaves alone (found by hypothesis)
def test_every_slug_made_from_thai_text_is_a_slug_django_accepts(text):
    slug = slugify(text, allow_unicode=True)
    if slug:
        validate_thai_slug(slug)


@pytest.mark.parametrize("not_a_slug", ["ข่าว อบรม", "ข่าว/อบรม", "ข่าว?", "<ข่าว>", "่", "ข่าว-่"])
def test_what_is_not_a_slug_is_still_refused(not_a_slug):
    with pytest.raises(ValidationError):
        validate_thai_slug(not_a_slug)


def test_an_announcement_with_a_thai_slug_is_saved_published_and_found_at_its_address(
    client, staff, news_index, editor
):
    data = announcement_form(title="ข่าวเยี่ยมบ้านผู้สูงอายุ", slug="ข่าว-เยี่ยมบ้านผู้สูงอายุ")
    assert create_announcement(client, news_index, data).status_code == 302
    page = AnnouncementPage.objects.get(slug="ข่าว-เยี่ยมบ้านผู้สูงอายุ")

    published = publish_as_approver(client, staff, page, data)

    assert published.url == "/news/" + quote("ข่าว-เยี่ยมบ้านผู้สูงอายุ") + "/"
    response = client.get(published.url)
    assert response.status_code == 200
    assert "ข่าวเยี่ยมบ้านผู้สูงอายุ" in response.content.decode()


def test_a_page_saved_without_a_slug_gets_one_from_its_thai_title(news_index):
    page = AnnouncementPage(title="ข่าว อบรมอาสาสมัคร", summary="สรุป", date="2026-11-29")
    news_index.add_child(instance=page)
    assert page.slug == "ข่าว-อบรมอาสาสมัคร"


def test_a_copy_of_an_announcement_takes_a_thai_slug(client, staff, make_announcement, news_index, editor):
    original = make_announcement("ข่าวเยี่ยมบ้าน ครั้งที่ ๑")
    copy_form = client.get(f"/admin/pages/{original.pk}/copy/")
    assert 'data-controller="thai-slug"' in copy_form.content.decode()

    response = client.post(
        f"/admin/pages/{original.pk}/copy/",
        {
            "new_title": "ข่าวเยี่ยมบ้าน ครั้งที่ ๒",
            "new_slug": "ข่าว-เยี่ยมบ้าน-ครั้งที่-๒",
            "new_parent_page": news_index.pk,
            "publish_copies": "",
        },
    )

    assert response.status_code == 302
    assert AnnouncementPage.objects.filter(slug="ข่าว-เยี่ยมบ้าน-ครั้งที่-๒").exists()


def test_djangos_own_slug_check_is_left_as_it_is():
    """The marks are taken by our page types' own checks, not by changing Django's for every app."""
    from django.core.validators import validate_unicode_slug

    with pytest.raises(ValidationError):
        validate_unicode_slug("ข่าว")
    validate_thai_slug("ข่าว")


def test_a_slug_typed_with_a_mark_alone_is_refused_in_the_admin(client, staff, news_index, editor):
    data = announcement_form(title="ข่าว", slug="ข่าว-่")
    response = create_announcement(client, news_index, data)
    assert response.status_code == 200 and not AnnouncementPage.objects.filter(title="ข่าว").exists()

"""An editor writes a Thai title: the slug the admin makes from it keeps its vowels and tone marks
("ข่าว", news, stays "ข่าว", not "ขาว", white), and so does a slug typed by hand."""

import pytest
from playwright.sync_api import expect

from cms.models import AnnouncementIndexPage
from tests.e2e.test_editorial_journey import admin_tab, log_in, open_new_announcement_form


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_slug_made_from_a_thai_title_keeps_its_vowels_and_tone_marks(site, desktop):
    page = desktop
    index = AnnouncementIndexPage.objects.get(locale__language_code="th", slug="news")
    log_in(page, site, "editor")
    open_new_announcement_form(page, site, index)
    slug = page.locator("#id_slug")

    page.fill("#id_title", "ข่าว อบรมผู้สูงอายุ ณ ตำบลด่านแม่ละเมา!")
    page.locator("#id_title").blur()
    expect(slug).to_have_value("ข่าว-อบรมผู้สูงอายุ-ณ-ตำบลด่านแม่ละเมา")

    page.fill("#id_title", "ข่าว เยี่ยมบ้าน")
    page.locator("#id_title").blur()
    expect(slug).to_have_value("ข่าว-เยี่ยมบ้าน")  # still following the title

    admin_tab(page, "Promote").click()
    slug.fill("  ผู้สูงอายุ   ทั่วไป  ")
    slug.blur()
    expect(slug).to_have_value("ผู้สูงอายุ-ทั่วไป")

    admin_tab(page, "Content").click()
    page.fill("#id_title", "ข่าวอื่น")
    page.locator("#id_title").blur()
    expect(slug).to_have_value("ผู้สูงอายุ-ทั่วไป")  # typed by hand: no longer follows the title

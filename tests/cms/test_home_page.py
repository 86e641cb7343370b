import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_home_page_is_thai_at_the_root(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "พอร์ทัลอาสาสมัครพัฒนาสังคม" in html
    assert "ข้ามไปยังเนื้อหา" in html  # "Skip to content", translated


def test_home_page_is_english_under_en(client, demo):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Community Volunteer Portal" in html
    assert "Skip to content" in html


def test_language_switch_and_hreflang_link_each_language_to_the_same_page(client, demo):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/">' in html
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in html
    english = client.get("/en/").content.decode()
    assert '<a href="/" hreflang="th" lang="th">ไทย</a>' in english
    assert '<a href="/en/" hreflang="en" lang="en" aria-current="true">English</a>' in english


def test_unknown_page_is_a_translated_404(client, demo):
    response = client.get("/ไม่มีหน้านี้/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_load_demo_twice_creates_nothing_twice(demo):
    counts = (Page.objects.count(), HomePage.objects.count(), Site.objects.count(), get_user_model().objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (
        Page.objects.count(),
        HomePage.objects.count(),
        Site.objects.count(),
        get_user_model().objects.count(),
    ) == counts
    assert HomePage.objects.count() == 2  # Thai and its English translation
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.title == "พอร์ทัลอาสาสมัครพัฒนาสังคม"
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_load_demo_keeps_what_an_editor_changed(demo):
    home = HomePage.objects.get(locale__language_code="th")
    home.title = "หน้าแรกที่บรรณาธิการแก้ไข"
    home.save_revision().publish()
    call_command("load_demo", stdout=io.StringIO())
    home.refresh_from_db()
    assert home.title == "หน้าแรกที่บรรณาธิการแก้ไข"


def test_demo_staff_can_log_in_to_the_admin_and_the_volunteer_cannot(client, demo):
    for username in ("admin", "editor", "approver", "coordinator"):
        client.logout()
        assert client.login(username=username, password="demo-2563")
        assert client.get("/admin/").status_code == 200, username
    client.logout()
    assert client.login(username="volunteer", password="demo-2563")
    assert client.get("/admin/").status_code == 302

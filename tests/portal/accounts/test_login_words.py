"""One word for logging in (เข้าสู่ระบบ) on every page, and creating an account (สมัครสมาชิก) told
apart from registering for an event (ลงทะเบียน): allauth's own Thai says ลงชื่อเข้าใช้ and
ลงทะเบียน for them (portal/accounts/allauth_words.py)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _main_text(response):
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")] if "<main" in html else html
    return re.sub(r"<[^>]+>", " ", main)


def test_the_log_in_and_sign_up_pages_use_the_sites_words(client):
    login = _main_text(client.get("/accounts/login/"))
    assert "เข้าสู่ระบบ" in login and "ลงชื่อเข้าใช้" not in login
    assert "สมัครสมาชิก" in login and "ลงทะเบียน" not in login
    signup = _main_text(client.get("/accounts/signup/"))
    assert "สมัครสมาชิก" in signup and "ลงทะเบียน" not in signup, "ลงทะเบียน is for events"
    assert "เข้าสู่ระบบ" in signup and "ลงชื่อเข้าใช้" not in signup


def test_the_header_and_the_event_page_say_the_same(client, event):
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "เข้าสู่ระบบ" in page and "ลงชื่อเข้าใช้" not in page
    assert "สมัครสมาชิก" in page, "creating an account, beside registering for the event"

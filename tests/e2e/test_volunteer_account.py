"""A volunteer signs up on a phone, confirms the e-mail from the outbox, completes the profile,
logs out and logs in again."""

import re

import pytest
from django.core import mail

from portal.accounts.models import Profile

PASSWORD = "ปลอดภัย-Password-2563"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_up_verify_complete_profile_log_out_and_in(site, phone, screenshot):
    phone.goto(site + "/accounts/signup/")
    phone.fill("input[name=email]", "mali@example.org")
    phone.fill("input[name=password1]", PASSWORD)
    phone.fill("input[name=password2]", PASSWORD)
    screenshot(phone, "account-1-signup")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    assert "ยืนยัน" in phone.locator("main").inner_text()

    [message] = [m for m in mail.outbox if "mali@example.org" in m.to]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    assert link.startswith(site)
    phone.goto(link)
    phone.locator("main form button[type=submit]").click()

    # allauth logs the person in after confirming when it is the same browser; log in if it did not.
    if "/accounts/login/" in phone.url:
        phone.fill("input[name=login]", "mali@example.org")
        phone.fill("input[name=password]", PASSWORD)
        phone.locator("main form button[type=submit]").click()

    phone.goto(site + "/profile/")
    if "/profile/consent/" in phone.url:
        phone.check("input[name=participation]")
        phone.locator("main form button[type=submit]").click()
    phone.goto(site + "/profile/edit/")
    phone.select_option("select[name=title]", "miss")
    phone.fill("input[name=first_name]", "มะลิ")
    phone.fill("input[name=last_name]", "ใจงาม")
    phone.fill("input[name=date_of_birth]", "12/08/2535")
    phone.fill("input[name=phone]", "089-123-4567")
    phone.select_option("select[name=volunteer_group]", "opm")
    phone.select_option("select[name=province_code]", "63")
    phone.wait_for_function("() => document.querySelectorAll('select[name=district_code] option').length > 1")
    phone.select_option("select[name=district_code]", "6306")
    phone.wait_for_function("() => document.querySelectorAll('select[name=subdistrict_code] option').length > 1")
    phone.select_option("select[name=subdistrict_code]", "630609")
    phone.fill("input[name=village_number]", "4")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "account-2-profile-form")
    phone.locator("main form button[type=submit]:not([name])").click()
    phone.wait_for_url(site + "/profile/")
    page_text = phone.locator("main").inner_text()
    assert "บันทึกโปรไฟล์แล้ว" in page_text
    assert "089-123-4567" in page_text and "วันพุธที่ 12 สิงหาคม พ.ศ. 2535" in page_text
    screenshot(phone, "account-3-profile")

    profile = Profile.objects.get(user__email="mali@example.org")
    assert profile.phone == "+66891234567" and profile.is_complete

    phone.goto(site + "/accounts/logout/")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(lambda url: "/accounts/logout/" not in url)  # the page wipes the phone's copies first
    phone.goto(site + "/profile/")
    assert "/accounts/login/" in phone.url
    phone.fill("input[name=login]", "mali@example.org")
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(site + "/profile/")
    assert "มะลิ ใจงาม" in phone.locator("main").inner_text()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_my_data_reads_on_a_phone(site, phone, screenshot, make_volunteer):
    """Everything kept about the volunteer, on a 360 px screen: Thai labels, names of places, BE dates,
    nothing wider than the screen (long addresses and codes wrap)."""
    from django.utils import timezone

    from portal.events import services
    from portal.events.models import CalendarFeed, Event
    from tests.e2e.conftest import log_in
    from tests.fixtures.volunteers import PASSWORD as VOLUNTEER_PASSWORD

    user = make_volunteer("mali")
    event = Event.objects.filter(status="published", ends_at__gte=timezone.now()).order_by("starts_at").first()
    services.sign_up(user, event)
    CalendarFeed.objects.create(user=user)
    log_in(phone, site, user.email, VOLUNTEER_PASSWORD)
    phone.goto(site + "/profile/my-data/")
    text = phone.locator("main").inner_text()
    for readable in ("ข้อมูลของฉัน", "ตาก", "แม่สอด", "พ.ศ.", event.title, "ที่อยู่ลับของปฏิทินของคุณ", "อุปกรณ์ที่เข้าสู่ระบบ"):
        assert readable in text, readable
    assert "province_code" not in text and "signup_confirmed" not in text
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "account-4-my-data")

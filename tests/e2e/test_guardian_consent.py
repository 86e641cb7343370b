"""A fifteen-year-old asks for their guardian's consent on a phone; the link reaches the guardian only,
by e-mail; the guardian reads what they consent to on their own phone, chooses, and gives consent."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from tests.e2e.conftest import browser_page, log_in
from tests.fixtures.volunteers import PASSWORD


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_minor_asks_and_the_guardian_answers_on_their_own_phone(site, browser, screenshot, make_volunteer):
    today = timezone.localdate()
    minor = make_volunteer("nong", born=today.replace(year=today.year - 15))
    with browser_page(browser, "phone") as phone:
        log_in(phone, site, minor.email, PASSWORD)
        phone.goto(site + "/profile/guardian/")
        phone.fill("input[name=guardian_name]", "สมศรี ใจดี")
        phone.fill("input[name=relation]", "แม่")
        phone.fill("input[name=guardian_phone]", "089-876-5432")
        phone.fill("input[name=guardian_email]", "mother@example.org")
        phone.locator("main form button[type=submit]").click()
        phone.wait_for_url(site + "/profile/guardian/")
        text = phone.locator("main").inner_text()
        assert "mother@example.org" in text and not re.search(r"(?<!profile)/guardian/[\w-]{20,}/", phone.content())
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(phone, "guardian-1-request-sent")

    ledger.deliver(list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)))
    [email] = [message for message in mail.outbox if message.to == ["mother@example.org"]]
    # Built on SITE_URL, as every message's links are; here the site runs on the live server's port.
    link = site + "/" + re.search(r"https?://\S+/guardian/\S+/", email.body).group(0).split("/", 3)[3]

    with browser_page(browser, "phone") as guardian:
        guardian.goto(link)
        text = guardian.locator("main").inner_text()
        for shown in ("สมชาย nong", "การเยี่ยมบ้าน", "ภาพของเยาวชน", "ใช้ได้ครั้งเดียว"):
            assert shown in text, shown
        assert guardian.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        guardian.get_by_label("การเยี่ยมบ้าน").uncheck()
        guardian.fill("input[name=signed_name]", "สมศรี ใจดี")
        guardian.check("input[name=agree]")
        screenshot(guardian, "guardian-2-consent-page")
        guardian.get_by_role("button", name="ให้ความยินยอม", exact=True).click()
        assert "ให้ความยินยอมโดย สมศรี ใจดี" in guardian.locator("main").inner_text()
        screenshot(guardian, "guardian-3-done")
        guardian.goto(link)
        assert "ใช้ลิงก์นี้ไปแล้ว" in guardian.locator("main").inner_text()

    consent = minor.profile.guardian_consent
    assert consent is not None and "home_visit" not in consent.activity_kinds

"""Registering for an event inside LINE, on a 360 px phone: LINE's in-app browser opens the LIFF
address of the event, the portal's entry page gets the person's ID token from the LIFF SDK (the
one thing stubbed: tests/fakes/line_liff.py, at the page boundary) and posts it; the server has
(the fake) LINE verify it, logs the volunteer in and shows the event; they register and see their
QR code on My events. No policy violation on the way."""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event, SignupStatus
from tests.e2e.test_csp import RECORD_VIOLATIONS
from tests.fakes.line_liff import liff_id_token, sdk_stub
from tests.fakes.line_login import VERIFY_PATH

LIFF_ID = "1657000000-AbCdEfGh"


@pytest.fixture
def in_line(phone, line_login, settings):
    """The phone as LINE's in-app browser: the LIFF SDK answers for the LINE user the fake is logged in as."""
    settings.LINE_LIFF_ID = LIFF_ID
    phone.add_init_script(RECORD_VIOLATIONS)

    def with_token(token, init_ms=0):
        phone.route(
            "**/static/vendor/liff/liff-sdk.js",
            lambda route: route.fulfill(
                status=200, content_type="application/javascript", body=sdk_stub(token, init_ms=init_ms)
            ),
        )
        return phone

    return with_token


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_volunteer_registers_for_an_event_inside_line(site, in_line, line_login, make_volunteer, screenshot):
    volunteer = make_volunteer("mali")
    SocialAccount.objects.create(user=volunteer, provider="line", uid=line_login.user.sub, extra_data={})
    event = Event.objects.get(title=TRAINING_TITLE)
    phone = in_line(liff_id_token(line_login), init_ms=1500)

    phone.goto(site + f"/line/liff/events/{event.pk}/")
    expect(phone.locator("main h1")).to_have_text("กำลังเปิดใน LINE…")
    assert phone.evaluate("window.__liffCalls") == [["init", {"liffId": LIFF_ID}]]
    screenshot(phone, "liff-1-opening-in-line")
    phone.wait_for_url(site + f"/events/{event.pk}/")
    [verify] = line_login.requests_to(VERIFY_PATH)
    assert verify.form["client_id"] == line_login.channel_id
    expect(phone.locator(".main-nav")).to_contain_text("กิจกรรมของฉัน")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "liff-2-event-page-logged-in")

    phone.locator("form[action$='/register/'] button[type=submit]").click()
    phone.wait_for_url(site + "/events/mine/")
    expect(phone.locator("main")).to_contain_text(TRAINING_TITLE)
    expect(phone.locator("figure.qr img")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "liff-3-my-events-with-qr")
    assert event.signups.get(user=volunteer).status == SignupStatus.CONFIRMED
    assert phone.evaluate("window.__cspViolations") == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_expired_token_leaves_the_person_logged_out_with_a_way_on(
    site, in_line, line_login, make_volunteer, screenshot
):
    volunteer = make_volunteer("mali")
    SocialAccount.objects.create(user=volunteer, provider="line", uid=line_login.user.sub, extra_data={})
    phone = in_line(liff_id_token(line_login, exp=1))

    phone.goto(site + "/line/liff/events/mine/")
    expect(phone.locator("main h1")).to_have_text("ยังไม่ได้เข้าสู่ระบบ")
    expect(phone.locator("[role=alert]")).to_contain_text("LINE ยืนยันตัวตนของคุณไม่ได้")
    screenshot(phone, "liff-4-line-refused")
    phone.get_by_role("link", name="ไปที่พอร์ทัล").first.click()
    phone.wait_for_url(re.compile(r"/accounts/login/"))
    assert phone.evaluate("window.__cspViolations") == []

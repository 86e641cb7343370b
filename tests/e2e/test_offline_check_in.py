"""Check-in with no signal (issue 21): the coordinator opens the check-in page once online, loses the
signal, reloads it, checks five people in by QR code and by search (two of them twice, one also from a
second phone); when the signal returns the server has exactly five check-ins and the page says all sent.
Also: the page is installable, and weighs under 100 KB of HTML, CSS and JS before the QR decoder."""

import time

import pytest

from portal.events import qr, services
from portal.events.models import ChangeReason, Signup, SignupChange
from tests.e2e.conftest import SCREENS, log_in, online_once
from tests.fixtures.volunteers import PASSWORD

PAGE_BUDGET = 100 * 1024
ALL_SENT = "() => document.querySelector('[data-sync-state]').textContent.includes('ส่งการลงชื่อเข้าร่วมครบแล้ว')"


def _status(page):
    state = page.locator("[data-sync-state]")
    state.locator("xpath=self::*[normalize-space()]").wait_for()  # written once the phone's copy is read
    return state.inner_text()


def _scan(page, token):
    page.fill("input[name=token]", token)
    page.locator("[data-scan-form] button[type=submit]").click()


def _find_and_check_in(page, query):
    page.fill("input[name=q]", query)
    page.get_by_role("button", name="ค้นหา").click()
    page.locator("[data-found] li").first.get_by_role("button", name="ลงชื่อเข้าร่วม").click()


def _checked_in(event):
    return Signup.objects.filter(event=event, checked_in_at__isnull=False).count()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_check_ins_made_offline_arrive_once_each(site, browser, training, screenshot):
    event, signups = training
    tokens = [qr.check_in_token(signup) for signup in signups]
    phone, other_phone = (browser.new_context(locale="th-TH", **SCREENS["phone"]) for _ in range(2))
    page = online_once(phone, site, event, "coord@example.org")
    assert "ออนไลน์" in _status(page) and "ส่งการลงชื่อเข้าร่วมครบแล้ว" in _status(page)
    other = online_once(other_phone, site, event, "coord2@example.org")

    phone.set_offline(True)
    other_phone.set_offline(True)
    page.reload()  # no signal: the service worker's copy of the page
    assert page.locator("h1").inner_text() == "ลงชื่อเข้าร่วม"
    assert "ออฟไลน์" in _status(page)
    _scan(page, tokens[0])
    _scan(page, tokens[1])
    _scan(page, tokens[0])  # the same person twice
    _scan(page, tokens[2])
    _find_and_check_in(page, "duang")
    _find_and_check_in(page, "๐๘๑-๒๓๔-๐๐๔๔")  # ekkachai, by phone in Thai digits
    page.fill("input[name=q]", "duang")  # the second time: already waiting, no second check-in offered
    page.get_by_role("button", name="ค้นหา").click()
    duang = page.locator("[data-found] li").first
    assert "รอส่ง" in duang.inner_text() and duang.get_by_role("button", name="ลงชื่อเข้าร่วม").count() == 0
    assert "ลงชื่อเข้าร่วมแล้ว" not in duang.inner_text()  # never shown as done on the server before it is
    assert "รอส่ง 5 รายการ" in _status(page)
    other.reload()
    _scan(other, tokens[2])  # chai, also from the second phone
    assert _checked_in(event) == 0
    screenshot(page, "offline-check-in-1-waiting")

    other_phone.set_offline(False)
    other.wait_for_function(ALL_SENT)
    phone.set_offline(False)
    page.wait_for_function(ALL_SENT)
    assert "ออนไลน์" in _status(page) and "ส่งข้อมูลล่าสุด" in _status(page)
    assert _checked_in(event) == 5
    assert SignupChange.objects.filter(signup__event=event, reason=ChangeReason.CHECKED_IN).count() == 5
    assert set(event.signups.filter(checked_in_at__isnull=False).values_list("user__username", flat=True)) == {
        "anong",
        "boonmee",
        "chai",
        "duang",
        "ekkachai",
    }
    page.reload()  # a later visit sends nothing again and shows the server's count
    assert "5 จาก 6" in page.locator("main").inner_text()
    assert _checked_in(event) == 5
    screenshot(page, "offline-check-in-2-all-sent")
    for context in (phone, other_phone):
        context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_refusals_found_when_sending_come_back_as_a_list(site, browser, training):
    event, signups = training
    phone = browser.new_context(locale="th-TH", **SCREENS["phone"])
    page = online_once(phone, site, event, "coord@example.org")
    phone.set_offline(True)
    page.reload()
    _scan(page, qr.check_in_token(signups[5]))
    services.cancel(signups[5], by=signups[5].user)  # meanwhile, fah cancelled
    phone.set_offline(False)
    page.wait_for_selector("[data-refusals] li")
    assert "สมชาย fah ไม่ได้รับการยืนยันในกิจกรรมนี้" in page.locator("[data-refusals]").inner_text()
    assert "ส่งการลงชื่อเข้าร่วมครบแล้ว" in _status(page) and _checked_in(event) == 0
    page.locator("[data-refusals]").get_by_role("button", name="เรียบร้อย").click()
    assert page.locator("[data-refusals]").is_hidden()
    phone.close()


def _fire_background_sync(context, site):
    """What Chromium does when the signal returns, done at once through its DevTools: the service worker's
    "sync" event, from a blank tab, as the check-in page is closed."""
    blank = context.new_page()
    cdp = context.new_cdp_session(blank)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda found: registrations.extend(found["registrations"]))
    cdp.send("ServiceWorker.enable")
    for _attempt in range(20):
        ours = [one for one in registrations if one["scopeURL"].endswith("/events/") and not one["isDeleted"]]
        if ours:
            break
        blank.wait_for_timeout(250)  # Playwright hands over DevTools' events only while it waits itself
    assert ours, registrations
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {"origin": site, "registrationId": ours[0]["registrationId"], "tag": "check-ins", "lastChance": False},
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_service_worker_sends_the_queue_with_the_page_closed(site, browser, training, screenshot):
    event, signups = training
    phone = browser.new_context(locale="th-TH", **SCREENS["phone"])
    page = online_once(phone, site, event, "coord@example.org")
    phone.set_offline(True)
    page.reload()
    for signup in signups[:3]:
        _scan(page, qr.check_in_token(signup))
    page.wait_for_function(f"async () => (await checkInStore.state({event.pk})).queue.length === 3")
    assert "รอส่ง 3 รายการ" in _status(page)
    page.close()
    time.sleep(1)
    assert _checked_in(event) == 0  # offline, nothing left the phone

    phone.set_offline(False)
    _fire_background_sync(phone, site)
    for _attempt in range(40):
        if _checked_in(event) == 3:
            break
        time.sleep(0.25)
    assert not [tab for tab in phone.pages if "/check-in/" in tab.url]  # sent with no check-in page open
    assert set(
        Signup.objects.filter(event=event, checked_in_at__isnull=False).values_list("user__username", flat=True)
    ) == {"anong", "boonmee", "chai"}

    page = phone.new_page()
    page.goto(f"{site}/events/{event.pk}/check-in/")
    page.wait_for_function(ALL_SENT)
    told = page.locator(".messages").inner_text()
    assert "ระหว่างที่ปิดหน้านี้ โทรศัพท์เครื่องนี้ส่งการลงชื่อเข้าร่วมไปแล้ว 3 รายการ" in told
    assert all(f"สมชาย {name} ลงชื่อเข้าร่วมแล้ว" in told for name in ("anong", "boonmee", "chai")), told
    assert (
        _checked_in(event) == 3
        and SignupChange.objects.filter(signup__event=event, reason=ChangeReason.CHECKED_IN).count() == 3
    )
    screenshot(page, "offline-check-in-3-sent-while-closed")
    page.reload()  # told once
    page.wait_for_function(ALL_SENT)
    assert "ระหว่างที่ปิดหน้านี้" not in page.locator("main").inner_text()
    phone.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_check_in_page_is_installable_light_and_wiped_at_log_out(site, browser, training):
    event, _signups = training
    phone = browser.new_context(locale="th-TH", **SCREENS["phone"])
    page = phone.new_page()
    log_in(page, site, "coord@example.org", password=PASSWORD)
    weights = {}

    def weigh(response):
        kind = response.request.resource_type
        if kind in ("document", "stylesheet", "script") and "/static/vendor/" not in response.url:
            weights[response.url] = len(response.body())

    page.on("response", weigh)
    page.goto(f"{site}/events/{event.pk}/check-in/")
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", weigh)
    assert sum(weights.values()) < PAGE_BUDGET, weights
    assert any(url.endswith("/check_in.js") or "/check_in." in url for url in weights)

    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cdp = phone.new_cdp_session(page)
    # Chromium's own installability check; a Playwright context is always an incognito one, which it names.
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert not manifest["errors"] and '"display": "standalone"' in manifest["data"]

    page.goto(f"{site}/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/logout/" not in url)
    assert page.evaluate("Object.keys(localStorage).filter(key => key.startsWith('check-in:')).length") == 0
    assert "check-in" not in page.evaluate("indexedDB.databases().then(found => found.map(db => db.name))")
    assert page.evaluate("caches.has('check-in-v1')") is False
    phone.close()

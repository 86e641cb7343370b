"""A check-in the service worker sends while its page is open (issue 21): where the browser has background
sync, the worker may send the queue before the page does. The page must then say whom it checked in, as when
it sends itself, and never keep saying the check-in waits on the phone."""

import pytest

from portal.events.models import Signup
from tests.e2e.conftest import SCREENS, online_once


def _dispatch_background_sync(page):
    """Fire the service worker's "check-ins" sync now, as the browser does when the signal is there."""
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(200)
    origin = page.evaluate("location.origin")
    ours = [item for item in registrations if not item["isDeleted"] and item["scopeURL"].startswith(origin)]
    assert ours, "the check-in page's service worker is registered"
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {"origin": origin, "registrationId": ours[0]["registrationId"], "tag": "check-ins", "lastChance": False},
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_page_says_whom_the_worker_checked_in(site, browser, training):
    event, signups = training
    phone = browser.new_context(locale="th-TH", **SCREENS["phone"])
    page = online_once(phone, site, event, "coord@example.org")
    # The page's own sending fails (the worker's requests do not pass through the page's routes).
    page.route("**/check-in/sync", lambda route: route.abort())
    page.fill("input[name=q]", "boonmee")
    page.get_by_role("button", name="ค้นหา").click()
    page.locator("[data-found] li").first.get_by_role("button", name="ลงชื่อเข้าร่วม").click()
    page.locator("[data-found] li", has_text="boonmee").get_by_text("รอส่ง").wait_for()

    if not Signup.objects.filter(pk=signups[1].pk, checked_in_at__isnull=False).exists():
        _dispatch_background_sync(page)
    row = page.locator("[data-found] li", has_text="boonmee")
    row.get_by_text("ลงชื่อเข้าร่วมแล้ว").wait_for()
    messages = page.locator(".messages").inner_text()
    assert "สมชาย boonmee ลงชื่อเข้าร่วมแล้ว" in messages
    assert "รอส่ง" not in messages
    # The counts at the top follow, without a reload.
    assert "ลงชื่อแล้ว 1 จาก 6 คน" in page.locator("[data-server-count]").inner_text()
    assert "1 / 6" in page.locator(".checkin-groups").inner_text()
    assert Signup.objects.filter(event=event, checked_in_at__isnull=False).get().pk == signups[1].pk
    phone.close()

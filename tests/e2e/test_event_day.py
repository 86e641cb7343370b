"""A volunteer registers and sees the QR code, a second one waits; the first cancels and the second
is promoted; a coordinator checks the second in on a phone; the certificate downloads."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.events.models import Activity, Event, EventStatus, Programme, Signup
from tests.e2e.conftest import log_in
from tests.fixtures.volunteers import PASSWORD


@pytest.fixture
def small_event(db, make_volunteer):
    now = timezone.now()
    programme = Programme.objects.create(
        name="โครงการทดสอบ",
        organisers="ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก",
        fiscal_year=2569,
        signatory_name="นายสมพงษ์ ตัวอย่าง",
        signatory_title="ผู้อำนวยการ",
    )
    start = now + datetime.timedelta(hours=1)  # the day itself: check-in is open
    event = Event.objects.create(
        programme=programme,
        title="จิตอาสาพัฒนาวัด",
        place_name="วัดด่านแม่ละเมา",
        province_code="63",
        capacity=1,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=start,
        cancellation_deadline=start,
        status=EventStatus.PUBLISHED,
    )
    Activity.objects.create(event=event, title="ทำความสะอาดลานวัด", starts_at=start, ends_at=event.ends_at)
    coordinator = make_volunteer("coord")
    coordinator.groups.add(Group.objects.get(name="Coordinators"))
    programme.coordinators.add(coordinator)
    return event


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_register_wait_cancel_promote_check_in_and_certificate(site, browser, small_event, make_volunteer, screenshot):
    first, second = make_volunteer("first"), make_volunteer("second")
    phones = [
        browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True) for _ in range(3)
    ]
    first_phone, second_phone, coordinator_phone = (context.new_page() for context in phones)
    event_url = f"{site}/events/{small_event.pk}/"

    log_in(first_phone, site, first.email, password=PASSWORD)
    first_phone.goto(event_url)
    first_phone.get_by_role("button", name="ลงทะเบียน").click()
    first_phone.wait_for_url(site + "/events/mine/")
    assert "ลงทะเบียนเรียบร้อย" in first_phone.locator("main").inner_text()
    qr = first_phone.locator("figure.qr img")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(first_phone, "event-1-registered-with-qr")

    log_in(second_phone, site, second.email, password=PASSWORD)
    second_phone.goto(event_url)
    second_phone.get_by_role("button", name="ลงชื่อสำรอง").click()
    assert "คุณอยู่ลำดับสำรองที่ 1" in second_phone.locator("main").inner_text()

    first_phone.get_by_role("link", name="ยกเลิกการลงทะเบียน").click()
    assert "ทำความสะอาดลานวัด" in first_phone.locator("main").inner_text(), "the question names what is given up"
    screenshot(first_phone, "event-1b-cancel-asks-once-more")
    first_phone.get_by_role("button", name="ใช่ ยกเลิกการลงทะเบียน").click()
    assert "ยกเลิกการลงทะเบียนแล้ว" in first_phone.locator("main").inner_text()
    second_phone.goto(site + "/events/mine/")
    assert "ยืนยันแล้ว" in second_phone.locator("main").inner_text()
    assert second_phone.locator("figure.qr img").count() == 1

    log_in(coordinator_phone, site, "coord@example.org", password=PASSWORD)
    coordinator_phone.goto(f"{site}/events/{small_event.pk}/check-in/")
    coordinator_phone.fill("input[name=q]", "second")
    coordinator_phone.get_by_role("button", name="ค้นหา").click()
    coordinator_phone.locator(".checkin-list").get_by_role("button", name="ลงชื่อเข้าร่วม").click()
    # Online, the page sends the check-in at once and says so when the server has answered.
    coordinator_phone.wait_for_function(
        "() => document.querySelector('main').innerText.includes('สมชาย second ลงชื่อเข้าร่วมแล้ว')"
    )
    assert coordinator_phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(coordinator_phone, "event-2-coordinator-check-in")

    second_phone.goto(site + "/events/mine/")
    with second_phone.expect_download() as download_info:
        second_phone.get_by_role("link", name="เกียรติบัตร (PDF)").click(modifiers=["Alt"])
    path = download_info.value.path()
    assert Path(path).read_bytes()[:4] == b"%PDF"
    assert Signup.objects.get(user=second).checked_in_at is not None
    for context in phones:
        context.close()

"""A coordinator creates the reference training from nothing in the admin, in Thai, at a desk and on
a phone: 70 seats, four groups ticked, the province › district › sub-district lists narrowing as
they choose, two days typed in the Buddhist Era, four activities; then registers a child brought
by a teacher as a walk-in. Screenshots are kept for a person to look at."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.accounts.models import PaperRecord
from portal.events.models import Event, SignupStatus
from tests.e2e.test_editorial_journey import log_in

TITLE = "อบรมเสริมพลังเครือข่ายนวัตกรสังคม (ทดสอบ)"
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
# The training's two days are a month ahead of whenever the test runs, typed as a coordinator would (BE).
FIRST_DAY = datetime.date.today() + datetime.timedelta(days=30)
SECOND_DAY = FIRST_DAY + datetime.timedelta(days=1)


def typed(day, time, days_before=0):
    day -= datetime.timedelta(days=days_before)
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543} {time}"


ACTIVITIES = [
    ("บรรยายศาสตร์พระราชา", "lecture", typed(FIRST_DAY, "09:00"), typed(FIRST_DAY, "12:00")),
    ("ฝึกคิดนวัตกรรมสังคม", "workshop", typed(FIRST_DAY, "13:00"), typed(FIRST_DAY, "16:30")),
    ("เยี่ยมบ้านผู้ประสบปัญหาทางสังคม", "home_visit", typed(SECOND_DAY, "08:30"), typed(SECOND_DAY, "12:00")),
    ("จิตอาสาพัฒนาวัด", "temple_cleanup", typed(SECOND_DAY, "13:00"), typed(SECOND_DAY, "16:30")),
]


def assert_nothing_scrolls_sideways(page):
    """Neither the page nor anything in it reaches past the screen's right edge (the closed side panel and
    minimap and the bulk actions' footer, which Wagtail keeps off-screen until opened, aside, and what scrolls
    in a box of its own, like a listing's table)."""
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .filter((element) => !element.closest('.form-side, .w-minimap, [data-bulk-action-footer]') && element.checkVisibility())
        .filter((element) => ![...document.querySelectorAll('main *')].some((box) => box.contains(element)
                && box !== element && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX)))
        .map((element) => `${element.tagName}#${element.id}.${element.className}`)""")
    assert not wide, f"wider than the screen: {wide}"


def create_the_reference_training(page, site, screen, screenshot):
    """The coordinator, logged in, fills the event form in Thai (with one mistake on the way) and
    saves; returns the event."""
    page.goto(site + "/admin/snippets/portal_events/event/add/")
    page.select_option("#id_programme", index=1)
    page.fill("#id_title", TITLE)
    page.fill("#id_place_name", "ห้องประชุม อบต.ด่านแม่ละเมา")
    expect(page.locator("[data-refresh-areas]")).to_be_hidden()  # JavaScript narrows the lists itself
    page.select_option("#id_province_code", "63")
    expect(page.locator("#id_district_code option[value='6306']")).to_have_count(1)
    page.select_option("#id_district_code", "6306")
    expect(page.locator("#id_subdistrict_code option[value='630609']")).to_have_count(1)
    page.select_option("#id_subdistrict_code", "630609")
    for name, value in [
        ("starts_at", typed(FIRST_DAY, "08:30")),
        ("ends_at", typed(SECOND_DAY, "16:30")),
        ("registration_opens_at", typed(FIRST_DAY, "08:00", days_before=30)),
        ("registration_closes_at", typed(FIRST_DAY, "17:00", days_before=1)),
        ("cancellation_deadline", typed(FIRST_DAY, "17:00", days_before=2)),
    ]:
        page.fill(f"#id_{name}", value)
    page.fill("#id_capacity", "70")
    for group in ("child", "youth", "opm", "partner"):
        page.check(f"input[name=eligible_groups][value={group}]")
    for number, (title, kind, starts, ends) in enumerate(ACTIVITIES):
        page.locator("#id_activities-ADD").click()
        page.fill(f"#id_activities-{number}-title", title)
        page.select_option(f"#id_activities-{number}-kind", kind)
        page.fill(f"#id_activities-{number}-starts_at", starts)
        page.fill(f"#id_activities-{number}-ends_at", ends)
        page.fill(f"#id_activities-{number}-order", str(number + 1))
    page.select_option("#id_status", "published")
    screenshot(page, f"event-form-1-filled-{screen}")
    assert_nothing_scrolls_sideways(page)

    # A mistake first: the error is in Thai beside its field, and what was typed stays.
    page.fill("#id_ends_at", typed(SECOND_DAY, "16:30").replace(f"/{SECOND_DAY.month:02d}/", "/13/"))
    page.locator("button.action-save").first.click()
    expect(page.get_by_text("กรอกวันที่และเวลาเป็น วัน/เดือน/ปี พ.ศ.").first).to_be_visible()
    expect(page.locator("#id_activities-3-title")).to_have_value("จิตอาสาพัฒนาวัด")
    screenshot(page, f"event-form-2-error-{screen}")
    assert_nothing_scrolls_sideways(page)
    page.fill("#id_ends_at", typed(SECOND_DAY, "16:30"))
    page.locator("button.action-save").first.click()
    page.wait_for_url(lambda url: "/add/" not in url)

    return Event.objects.get(title=TITLE)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinator_creates_the_reference_training_in_thai(site, staff, staff_screen, screenshot):
    page = staff
    page.set_default_timeout(60_000)  # two cores shared by many: the admin's pages take their time
    log_in(page, site, "coordinator")
    event = create_the_reference_training(page, site, staff_screen, screenshot)
    assert event.capacity == 70 and event.eligible_groups == ["child", "youth", "opm", "partner"]
    assert timezone.localtime(event.starts_at) == datetime.datetime.combine(FIRST_DAY, datetime.time(8, 30), BANGKOK)
    assert timezone.localtime(event.ends_at).date() == SECOND_DAY
    assert [activity.kind for activity in event.activities.order_by("order")] == [kind for _t, kind, *_r in ACTIVITIES]
    page.goto(site + f"/admin/snippets/portal_events/event/edit/{event.pk}/")
    expect(page.locator("#id_starts_at")).to_have_value(typed(FIRST_DAY, "08:30"))
    screenshot(page, f"event-form-3-saved-{staff_screen}")

    # The child a teacher brought: registered at the desk, with the teacher as guardian.
    page.goto(site + f"/admin/events/{event.pk}/walk-in/")
    page.select_option("#id_title", "girl")
    page.fill("#id_first_name", "ดารุณี")
    page.fill("#id_last_name", "แสงทอง")
    page.select_option("#id_volunteer_group", "child")
    page.fill("#id_date_of_birth", "12/03/2558")
    page.fill("#id_guardian_name", "ครูสมศรี มีสุข")
    page.fill("#id_guardian_relation", "ครูประจำชั้น")
    page.fill("#id_guardian_phone", "๐๘๑-๒๓๔-๕๖๗๘")
    page.check("#id_consent_on_paper")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".claim-code")).to_be_visible()
    screenshot(page, f"event-form-4-walk-in-{staff_screen}")
    record = PaperRecord.objects.get(user__first_name="ดารุณี")
    assert record.user.signups.get().status == SignupStatus.CONFIRMED

"""Issue 19's acceptance journey, after the event: a coordinator on a phone checks people in and adds three
photos of the day on the check-in page, one of them showing a child whose guardian did not agree to photos;
once the event is over the coordinator drafts the after-event announcement; an editor changes its words,
puts the album in another order and submits it for review; an approver publishes it. The public page shows
the people checked in by group, the activities and the album, without the withheld child's photo or any
address of it (that those addresses are not served: tests/portal/events/test_photo_files.py)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from cms.models import AnnouncementPage
from portal.accounts.models import ConsentPurpose, VolunteerGroup
from portal.accounts.services import record_consent
from portal.events import services
from portal.events.models import Activity, ActivityKind, Event, EventStatus, Programme
from portal.events.photos import EventPhoto
from tests.after_event import FOUR_GROUPS, in_group, jpeg, minor
from tests.e2e.conftest import SCREENS, log_in

FOOTER = "footer"
PEOPLE = [  # (username, Thai first and last name, group, a child whose guardian allows photos?)
    ("fah", ("ด.ญ.ฟ้าใส", "ใจงาม"), VolunteerGroup.CHILD, True),
    ("din", ("ด.ช.ดินดี", "รักถิ่น"), VolunteerGroup.CHILD, False),
    ("nam", ("นางสาวน้ำฝน", "ทองดี"), VolunteerGroup.YOUTH, None),
    ("somsak", ("นายสมศักดิ์", "มั่นคง"), VolunteerGroup.OPM, None),
    ("pranee", ("นางปราณี", "ศรีสุข"), VolunteerGroup.PARTNER, None),
]
PHOTOS = [  # (caption, the child named on it)
    ("ผู้เข้าอบรมฟังบรรยายศาสตร์พระราชา ณ ห้องประชุม อบต.", None),
    ("น้องฟ้าใสช่วยกวาดลานวัดกับพี่ ๆ เยาวชน", "fah"),
    ("น้องดินดีปลูกต้นไม้หน้าวัด", "din"),
]
EDITED_TITLE = "ภาพบรรยากาศการอบรมเครือข่ายนวัตกรสังคม ตำบลด่านแม่ละเมา"
EDITED_SUMMARY = "เด็ก เยาวชน อพม. และภาคีเครือข่ายร่วมเรียนรู้ศาสตร์พระราชาและทำความสะอาดวัดด้วยกัน"


@pytest.fixture
def in_progress(site, make_volunteer):
    """The demo programme's training, under way: it started six hours ago and ends within the hour."""
    programme = Programme.objects.get(name="ตำบลสร้างเสริมสวัสดิการสังคม", fiscal_year=2563)
    now = timezone.now()
    start = now - datetime.timedelta(hours=6)
    event = Event.objects.create(
        programme=programme,
        title="อบรมเครือข่ายนวัตกรสังคม รุ่นที่ 2",
        title_en="Training social innovators, 2nd run",
        place_name="ห้องประชุม อบต.ด่านแม่ละเมา",
        province_code="63",
        district_code="6306",
        subdistrict_code="630609",
        starts_at=start,
        ends_at=now + datetime.timedelta(minutes=50),
        registration_opens_at=start - datetime.timedelta(days=20),
        registration_closes_at=now + datetime.timedelta(hours=1),
        cancellation_deadline=start - datetime.timedelta(days=1),
        capacity=40,
        eligible_groups=FOUR_GROUPS,
        status=EventStatus.PUBLISHED,
    )
    activities = [
        ("บรรยายศาสตร์พระราชาเพื่อการพัฒนาที่ยั่งยืน", ActivityKind.LECTURE, 0, 3),
        ("จิตอาสาพัฒนาวัดด่านแม่ละเมา", ActivityKind.TEMPLE_CLEANUP, 4, 6),
    ]
    for order, (title, kind, begins, ends) in enumerate(activities, start=1):
        Activity.objects.create(
            event=event,
            title=title,
            kind=kind,
            order=order,
            starts_at=start + datetime.timedelta(hours=begins),
            ends_at=start + datetime.timedelta(hours=ends),
        )
    for staff in ("coordinator", "editor", "approver"):  # they agreed to the privacy notice when they first logged in
        record_consent(get_user_model().objects.get(username=staff), {ConsentPurpose.PARTICIPATION: True})
    people = {}
    for username, (first, last), group, allows_photos in PEOPLE:
        person = (
            minor(make_volunteer, username, photos=allows_photos)
            if allows_photos is not None
            else in_group(make_volunteer(username), group)
        )
        get_user_model().objects.filter(pk=person.pk).update(first_name=first, last_name=last)
        services.sign_up(person, event)
        people[username] = person
    return {"event": event, "activities": [title for title, *_ in activities], "people": people}


def admin_screenshot(page, screenshot, name):
    """Wagtail scrolls inside <main>: the window grows to the whole form for the picture."""
    size = page.viewport_size
    height = page.evaluate("Math.max(document.querySelector('main')?.scrollHeight || 0, window.innerHeight)")
    page.set_viewport_size({"width": size["width"], "height": min(height, 6000)})
    try:
        return screenshot(page, name)
    finally:
        page.set_viewport_size(size)


def at_width(page, screen, take):
    """`take()` with the window at the width of `screen` (phone or desk), then back."""
    size = page.viewport_size
    page.set_viewport_size(SCREENS[screen]["viewport"])
    try:
        take()
    finally:
        page.set_viewport_size(size)


def check_in(phone, last_name, full_name):
    phone.fill("input[name=q]", last_name)
    phone.get_by_role("button", name="ค้นหา").click()
    phone.locator(".checkin-list li", has_text=full_name).get_by_role("button", name="ลงชื่อเข้าร่วม").click()
    # The page keeps the check-in on the phone and sends it; the row says done once the server has it.
    phone.locator(".checkin-list li", has_text=full_name).get_by_text("ลงชื่อเข้าร่วมแล้ว").wait_for()


def add_photo(phone, number, caption, child_name):
    phone.locator("input[name=photos]").set_input_files(
        [
            {
                "name": f"IMG_20{number}.jpg",
                "mimeType": "image/jpeg",
                "buffer": jpeg(colour=("green", "orange", "blue")[number]),
            }
        ]
    )
    phone.fill("input[name=caption]", caption)
    if child_name:
        phone.check("input[name=shows_minors]")
        phone.get_by_label(child_name).check()
    phone.get_by_role("button", name="เพิ่มเข้าอัลบั้ม").click()
    expect(phone.locator("main")).to_contain_text("เพิ่มภาพ 1 ภาพเข้าอัลบั้มแล้ว")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_check_in_and_photos_on_a_phone_draft_polish_approve_and_the_public_album(
    site, in_progress, phone, desktop, screenshot
):
    event, people = in_progress["event"], in_progress["people"]
    names = {username: f"{first} {last}" for username, (first, last), *_ in PEOPLE}

    # 1. On the day, on a phone: the coordinator checks the five in, then adds the day's three photos.
    log_in(phone, site, "coordinator@example.org", next_url=f"/events/{event.pk}/check-in/")
    phone.goto(f"{site}/events/{event.pk}/check-in/")
    for username, (first, last), *_ in PEOPLE:
        check_in(phone, last, names[username])
    phone.locator(f"main a[href='/events/{event.pk}/photos/']").click()
    phone.wait_for_url(f"{site}/events/{event.pk}/photos/")
    for number, (caption, child) in enumerate(PHOTOS):
        add_photo(phone, number, caption, names[child] if child else None)
    expect(phone.locator("h2", has_text="ภาพในอัลบั้ม")).to_contain_text("3")
    expect(phone.locator(".gallery__caption", has_text=PHOTOS[2][0])).to_contain_text("ใช้ในข่าวไม่ได้")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits the phone
    screenshot(phone, "after-event-1-photos-phone")
    at_width(phone, "desktop", lambda: screenshot(phone, "after-event-1-photos-desk"))
    withheld = EventPhoto.objects.get(event=event, caption=PHOTOS[2][0])
    assert list(withheld.minors_shown.all()) == [people["din"]]

    # 2. The event is over (its end moved to a minute ago); the coordinator drafts the announcement.
    Event.objects.filter(pk=event.pk).update(ends_at=timezone.now() - datetime.timedelta(minutes=1))
    phone.goto(f"{site}/events/{event.pk}/check-in/")
    phone.get_by_role("button", name="ร่างข่าวหลังกิจกรรม").click()
    phone.wait_for_load_state()
    draft = AnnouncementPage.objects.get(reports_on_event=event, locale__language_code="th")
    assert not draft.live

    # 3. An editor polishes it at a desk: new words, the album in another order; then submits it for review.
    log_in(desktop, site, "editor@example.org", next_url=f"/admin/pages/{draft.pk}/edit/")
    desktop.goto(f"{site}/admin/pages/{draft.pk}/edit/")
    expect(desktop.locator("#id_title")).to_have_value(f"สรุปผลกิจกรรม {event.title}")
    desktop.fill("#id_title", EDITED_TITLE)
    desktop.fill("#id_summary", EDITED_SUMMARY)
    album = desktop.locator("[data-streamfield-child]", has=desktop.locator("input[name$='-type'][value=gallery]"))
    captions = album.locator("input[name$='-value-caption']")
    expect(captions).to_have_count(2)  # the withheld child's photo is not offered
    expect(captions.nth(1)).to_have_value(PHOTOS[1][0])
    album.locator("[data-streamfield-list-container] > [data-streamfield-child]").nth(1).locator(
        "button[data-streamfield-action=MOVE_UP]"
    ).click()
    expect(captions.nth(0)).to_have_value(PHOTOS[1][0])
    admin_screenshot(desktop, screenshot, "after-event-2-draft-in-the-editor-desk")
    at_width(desktop, "phone", lambda: admin_screenshot(desktop, screenshot, "after-event-2-draft-in-the-editor-phone"))
    desktop.locator(f"{FOOTER} [data-w-dropdown-target=toggle]").first.click()
    desktop.locator(f"{FOOTER} button[name=action-submit]").click()
    desktop.wait_for_url(lambda url: "/edit/" not in url)
    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live

    # 4. An approver publishes it.
    desktop.context.clear_cookies()
    log_in(desktop, site, "approver@example.org", next_url=f"/admin/pages/{draft.pk}/edit/")
    desktop.goto(f"{site}/admin/pages/{draft.pk}/edit/")
    desktop.locator(f"{FOOTER} [data-w-dropdown-target=toggle]").first.click()
    desktop.locator(f"{FOOTER} button[data-workflow-action-name=approve][data-workflow-action-modal-url]").click()
    desktop.locator(".modal form button[type=submit]").click()
    desktop.wait_for_url(lambda url: "/edit/" not in url)
    published = AnnouncementPage.objects.get(pk=draft.pk)
    assert published.live and published.title == EDITED_TITLE

    # 5. A visitor's phone: the counts by group, the activities, the album in the editor's order, no withheld photo.
    visitor = phone.context.browser.new_context(locale="th-TH", **SCREENS["phone"]).new_page()
    visitor.goto(site + published.url)
    expect(visitor.locator("h1")).to_have_text(EDITED_TITLE)
    expect(visitor.locator(".lead")).to_have_text(EDITED_SUMMARY)
    expect(visitor.locator(".dateline")).to_contain_text(str(timezone.localdate(event.starts_at).year + 543))
    counts = visitor.locator(".participant-counts")
    for group, number in (
        ("เด็ก", 2),
        ("เยาวชน", 1),
        ("อาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์ (อพม.)", 1),
        ("ภาคีเครือข่าย", 1),
        ("รวม", 5),
    ):
        expect(counts.locator("tr", has_text=group).locator("td").last).to_have_text(str(number))
    for activity in in_progress["activities"]:
        expect(visitor.locator(".announcement__body")).to_contain_text(activity)
    expect(visitor.locator(".event-card-block .seats")).to_have_text("กิจกรรมนี้จัดไปแล้ว")  # no registration now
    gallery = visitor.locator("section[data-gallery]")
    expect(gallery.locator(".gallery__caption")).to_have_text([PHOTOS[1][0], PHOTOS[0][0]])
    gallery.scroll_into_view_if_needed()
    visitor.wait_for_function(
        "() => [...document.querySelectorAll('[data-gallery] img')].every(img => img.complete && img.naturalWidth > 0)"
    )
    html = visitor.content()
    assert PHOTOS[2][0] not in html and names["din"] not in html
    random_name = withheld.image.file.name.removeprefix("event_photos/").removesuffix(".jpg")
    assert random_name[:20] not in html  # no address of it, nor of any of its renditions
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(visitor, "after-event-3-public-page-phone")
    at_width(visitor, "desktop", lambda: screenshot(visitor, "after-event-3-public-page-desk"))
    visitor.context.close()

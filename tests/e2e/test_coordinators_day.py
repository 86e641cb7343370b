"""Issue 16's day as one journey on a 360 × 740 phone: the coordinator creates the reference training
in Thai; on the day, finds check-in from the admin's dashboard, registers two walk-ins there (a
child with her teacher as guardian, an elderly neighbour without a phone), checks five people in (one
found by a phone typed in Thai digits), undoes one, then prints the sign-in sheet and downloads the
XLSX. Both files are rendered to PNG (the XLSX through LibreOffice, as an office prints it) under
test-artifacts/ and read as the office would: the walk-ins on the sheet, names in Thai dictionary
order, a signature column per day, the check-ins counted."""

import datetime
import re
import subprocess

import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as catalogue  # not `_`: the test's msgids are the code's, not new ones
from playwright.sync_api import expect

from portal.accounts.models import VolunteerGroup
from portal.events import services
from portal.events.models import Event, Signup
from portal.exports.sign_in_sheet import SignInSheetExporter
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_coordinator_journey import _download
from tests.e2e.test_editorial_journey import log_in
from tests.e2e.test_event_form_journey import TITLE, create_the_reference_training

# Code-point order would put เกศินี (its vowel written first) after ขวัญ; a Thai dictionary does not.
ONLINE = [
    ("kamon", "กมล", "ศรีสุข", "+66811110001"),
    ("kesinee", "เกศินี", "บุญมา", "+66811110002"),
    ("kwan", "ขวัญ", "ทองดี", "+66897654321"),
]
CHILD = {
    "title": "girl",
    "first_name": "ดารุณี",
    "last_name": "แสงทอง",
    "volunteer_group": "child",
    "date_of_birth": "12/03/2558",
    "guardian_name": "ครูสมศรี มีสุข",
    "guardian_relation": "ครูประจำชั้น",
    "guardian_phone": "๐๘๑-๒๓๔-๕๖๗๘",
}
NEIGHBOUR = {"title": "mrs", "first_name": "บุญมี", "last_name": "ใจดี", "volunteer_group": "opm", "stated_age": "67"}
IN_THAI_ORDER = ["กมล", "เกศินี", "ขวัญ", "ดารุณี", "บุญมี"]
KWAN_IN_THAI_DIGITS = "๐๘๙-๗๖๕-๔๓๒๑"


def _the_day_comes(event):
    """Moves the training, whole days at a time, so that it is under way now (its first day today,
    or yesterday before 08:30), its registration still open for those who sign up online."""
    now = timezone.localtime()
    first_day = timezone.localtime(event.starts_at)
    today = now.date() if now.time() >= first_day.time() else now.date() - datetime.timedelta(days=1)
    shift = datetime.timedelta(days=(today - first_day.date()).days)
    Event.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at + shift,
        ends_at=event.ends_at + shift,
        cancellation_deadline=event.starts_at + shift,
        registration_opens_at=now - datetime.timedelta(days=7),
        registration_closes_at=event.ends_at + shift,
    )
    for activity in event.activities.all():
        activity.starts_at += shift
        activity.ends_at += shift
        activity.save(update_fields=["starts_at", "ends_at"])
    event.refresh_from_db()
    return event


def _signed_up_online(make_volunteer, event):
    for username, first_name, last_name, phone in ONLINE:
        person = make_volunteer(username)
        person.first_name, person.last_name = first_name, last_name
        person.save(update_fields=["first_name", "last_name"])
        person.profile.phone, person.profile.volunteer_group = phone, VolunteerGroup.PARTNER
        person.profile.save()
        services.sign_up(person, event, event.activities.all())


def _register_walk_in(page, details):
    for name, value in details.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("field => field.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.check("#id_consent_on_paper")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".claim-code")).to_be_visible()


def _check_in(page, query, name):
    page.fill("input[name=q]", query)
    page.get_by_role("button", name="ค้นหา").click()
    page.locator("[data-found] li", has_text=name).get_by_role("button", name="ลงชื่อเข้าร่วม").click()
    # Online, the page sends the check-in at once and says so once the server has answered.
    page.wait_for_function(
        f"() => document.querySelector('main').innerText.includes('{name}') "
        "&& document.querySelector('main').innerText.includes('ลงชื่อเข้าร่วมแล้ว')"
    )
    expect(page.locator("[data-found] li", has_text=name)).to_contain_text("✓")


def _to_png(pdf, name):
    """Every page of `pdf` as test-artifacts/screenshots/<name>-<page>.png, for a person to look at."""
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(SCREENSHOTS / name)], check=True)
    return sorted(SCREENSHOTS.glob(f"{name}-*.png"))


def _pdf_text(pdf):
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _printed_by_libreoffice(xlsx, target):
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{target}/libreoffice-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return target / xlsx.with_suffix(".pdf").name


def _in_order(text, names):
    return [name for _at, name in sorted((text.index(name), name) for name in names)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_coordinators_day_on_a_phone(site, phone, make_volunteer, screenshot, tmp_path):
    page = phone
    page.set_default_timeout(60_000)  # two cores shared by many: the admin's pages take their time
    for leftover in SCREENSHOTS.glob("day-*.png"):
        leftover.unlink()
    log_in(page, site, "coordinator")
    event = _the_day_comes(create_the_reference_training(page, site, "day", screenshot))
    _signed_up_online(make_volunteer, event)

    # From the admin's dashboard, by clicking: the training's row has its check-in button.
    page.goto(site + "/admin/")
    page.locator("#upcoming-events-section tr", has_text=TITLE).get_by_role("link", name="ลงชื่อเข้าร่วม").click()
    page.wait_for_url(f"**/events/{event.pk}/check-in/")
    expect(page.locator("main")).to_contain_text("0 จาก 3")
    screenshot(page, "day-1-check-in-found")

    for person in (CHILD, NEIGHBOUR):
        page.get_by_role("link", name="ลงทะเบียนหน้างาน").click()
        page.wait_for_url(f"**/admin/events/{event.pk}/walk-in/")
        _register_walk_in(page, person)
        screenshot(page, f"day-2-walk-in-{person['volunteer_group']}")
        page.get_by_role("link", name="กลับไปหน้าลงชื่อเข้าร่วม").click()
        page.wait_for_url(f"**/events/{event.pk}/check-in/")
    expect(page.locator("main")).to_contain_text("0 จาก 5")

    for query, name in [
        ("กมล", "กมล"),
        ("เกศินี", "เกศินี"),
        (KWAN_IN_THAI_DIGITS, "ขวัญ"),
        ("ดารุณี", "ดารุณี"),
        ("บุญมี", "บุญมี"),
    ]:
        _check_in(page, query, name)
    screenshot(page, "day-3-five-checked-in")
    page.fill("input[name=q]", "เกศินี")  # checked in by mistake: she has not arrived yet
    page.get_by_role("button", name="ค้นหา").click()
    page.locator("[data-found] li", has_text="เกศินี").get_by_role("button", name="ยกเลิกการลงชื่อเข้าร่วม").click()
    expect(page.locator("main")).to_contain_text("ยกเลิกการลงชื่อเข้าร่วมของ เกศินี")
    expect(page.locator("main")).to_contain_text("4 จาก 5")
    assert page.eval_on_selector_all(
        ".checkin-groups td",
        """cells => cells.length === 3 && cells.every(cell => {
        const text = document.createRange(); text.selectNodeContents(cell); return text.getClientRects().length === 1; })""",
    ), "arrived / expected of each group on one line"
    screenshot(page, "day-4-one-undone")
    checked_in = Signup.objects.filter(event=event, checked_in_at__isnull=False)
    assert sorted(checked_in.values_list("user__first_name", flat=True)) == sorted({*IN_THAI_ORDER} - {"เกศินี"})

    # The paper: from the dashboard's event to its sign-ups, and their buttons.
    page.goto(site + "/admin/")
    page.locator("#upcoming-events-section").get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/admin/signups/?event={event.pk}")
    sheet = _download(page, "/admin/signups/sign-in-sheet/?event=", tmp_path)
    workbook = _download(page, "/admin/exports/signups.xlsx?event=", tmp_path)

    sheet_text = _pdf_text(sheet)
    assert _in_order(sheet_text, IN_THAI_ORDER) == IN_THAI_ORDER, "the walk-ins are on it, in Thai dictionary order"
    assert "เด็กหญิงดารุณี" in sheet_text and "นางบุญมี" in sheet_text
    with translation.override("th"):
        days = SignInSheetExporter(event).signature_headings()
    assert len(days) == 2 and all(day in sheet_text for day in days), "one signature column for each day"
    assert "ผู้รับรอง" in sheet_text
    assert _to_png(sheet, "day-5-sign-in-sheet")

    rows = list(openpyxl.load_workbook(workbook).active.iter_rows(values_only=True))
    heading_row = next(n for n, row in enumerate(rows) if "ชื่อ" in row)
    header, people = rows[heading_row], [row for row in rows[heading_row + 1 :] if any(row)]
    with translation.override("th"):
        first_name, checked_in_at = catalogue("First name"), catalogue("Checked in at")
    assert [row[header.index(first_name)] for row in people] == IN_THAI_ORDER
    assert sum(row[header.index(checked_in_at)] is not None for row in people) == 4
    assert TITLE in " ".join(str(cell) for row in rows[:heading_row] for cell in row if cell), "the event is named"
    printed = _printed_by_libreoffice(workbook, tmp_path)
    pages = _to_png(printed, "day-6-xlsx-printed")
    assert len(pages) == 1, "five people print on one A4 page"
    printed_text = _pdf_text(printed)
    assert _in_order(printed_text, IN_THAI_ORDER) == IN_THAI_ORDER and re.search(r"ครูสมศรี\s+มีสุข", printed_text)

"""A coordinator, at a desk and on a phone, opens the demo training's sign-ups from the dashboard,
approves a pending one with the bulk action, and exports the list as CSV and Excel and the paper
sign-in sheet as PDF through the listing's buttons; each file is opened and read as the office would."""

import csv
import datetime
import io
import subprocess

import openpyxl
import pytest
from PIL import Image
from playwright.sync_api import expect

from portal.events import services
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event, SignupStatus
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_editorial_journey import log_in

HOSTILE_NAME = '=HYPERLINK("http://evil.example/","คลิก")'
PEOPLE = [("มาลี", "ใจงาม"), ("ประยุทธ", "รักถิ่น"), (HOSTILE_NAME, "ทดสอบ")]
PENDING = ("สมหญิง", "รอคอย")


def _named(make_volunteer, username, first_name, last_name):
    user = make_volunteer(username)
    user.first_name, user.last_name = first_name, last_name
    user.save()
    return user


def _download(page, href_start, target):
    """Click the listing's export button whose address starts with `href_start` and keep the file."""
    with page.expect_download() as download_info:
        page.locator(f"a[href^='{href_start}']:not([href*='per=activity'])").click()  # the per-day sheet
    target.mkdir(exist_ok=True)
    path = target / download_info.value.suggested_filename
    download_info.value.save_as(path)
    return path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinator_filters_approves_and_exports(site, staff, staff_screen, make_volunteer, screenshot, tmp_path):
    event = Event.objects.get(title=TRAINING_TITLE)
    for number, (first_name, last_name) in enumerate(PEOPLE):
        services.sign_up(_named(make_volunteer, f"person{number}", first_name, last_name), event)
    event.requires_approval = True
    event.save(update_fields=["requires_approval"])
    pending = services.sign_up(_named(make_volunteer, "waiting", *PENDING), event)
    assert pending.status == SignupStatus.PENDING

    page = staff
    log_in(page, site, "coordinator")

    # The dashboard's line for the training leads to its sign-ups, filtered to that event.
    panel = page.locator("#upcoming-events-section")
    expect(panel).to_contain_text("3 / 70")
    screenshot(page, f"coordinator-1-dashboard-{staff_screen}")
    panel.get_by_role("link", name=TRAINING_TITLE).click()
    page.wait_for_url(f"**/admin/signups/?event={event.pk}")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(4)
    # Even on a phone a name keeps room enough not to break between its letters (the table scrolls instead).
    assert page.locator("td.signup-name").first.bounding_box()["width"] >= 144

    # Approve the pending one: tick it, choose the bulk action, confirm.
    page.locator(f"input[data-bulk-action-checkbox][data-object-id='{pending.pk}']").check()
    page.locator("[data-bulk-action-footer] a[href*='/bulk/portal_events/signup/approve/']").click()
    expect(page.locator("main")).to_contain_text(" ".join(PENDING))
    screenshot(page, f"coordinator-2-approve-confirmation-{staff_screen}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/admin/signups/?event={event.pk}")
    pending.refresh_from_db()
    assert pending.status == SignupStatus.CONFIRMED and pending.status_changed_by.username == "coordinator"
    screenshot(page, f"coordinator-3-signups-after-approval-{staff_screen}")

    csv_path = _download(page, "/admin/exports/signups.csv?event=", tmp_path)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel on Windows needs to show Thai
    text = raw.decode("utf-8-sig")
    for first_name, last_name in [*PEOPLE[:2], PENDING]:
        assert first_name in text and last_name in text
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert HOSTILE_NAME not in cells and any(cell.endswith(HOSTILE_NAME) and cell != HOSTILE_NAME for cell in cells)

    xlsx_path = _download(page, "/admin/exports/signups.xlsx?event=", tmp_path)
    sheet = openpyxl.load_workbook(xlsx_path).active
    header = [cell.value for cell in sheet[3]]
    rows = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=4)]
    assert len(rows) == 4
    first_names = {row["ชื่อ"] for row in rows}  # the column headed "First name", in Thai
    # The hostile name is a text cell, shown exactly as typed (no apostrophe) and never computed.
    assert {"มาลี", "ประยุทธ", "สมหญิง", HOSTILE_NAME} <= first_names
    hostile_cell = next(cell for row in sheet.iter_rows(min_row=4) for cell in row if cell.value == HOSTILE_NAME)
    assert hostile_cell.data_type == "s"
    event_day = rows[0]["วันที่จัดกิจกรรม"]  # "Event date"
    assert (
        isinstance(event_day, datetime.datetime)
        and event_day.date() == event.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))).date()
    )
    assert isinstance(rows[0][header[0]], int)

    pdf_path = _download(page, "/admin/signups/sign-in-sheet/?event=", tmp_path)
    assert pdf_path.read_bytes()[:4] == b"%PDF"
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for first_name, last_name in [*PEOPLE[:2], PENDING]:
        assert first_name in pdf_text and last_name in pdf_text
    assert "ด่านแม่ละเมา" in pdf_text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / f"coordinator-4-sign-in-sheet-{staff_screen}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(prefix)], check=True
    )
    with Image.open(prefix.with_suffix(".png")) as image:
        darkest, lightest = image.convert("L").getextrema()
    assert lightest - darkest > 100, "the rendered sign-in sheet is blank"

    # Searching reloads only the results; the export still takes what is on screen now.
    page.locator("input[name=q]").fill("รอคอย")
    expect(page.locator("table.listing tbody tr")).to_have_count(1)
    searched = _download(page, "/admin/exports/signups.csv?", tmp_path / "searched").read_bytes().decode("utf-8-sig")
    assert PENDING[1] in searched and PEOPLE[0][1] not in searched

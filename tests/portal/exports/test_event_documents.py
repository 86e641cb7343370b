"""The printed sign-in sheet and the event summary: PDFs read back with poppler, a page looked at as
a picture, and the summary workbook read back with openpyxl."""

import io
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import VolunteerGroup
from portal.events import services

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
# Names with tone marks above vowels and marks below: the shaping a Thai font has to get right, and the text
# layer has to give back (test_document_text.py reads every piece of each PDF back).
THAI_NAMES = [("สมศักดิ์", "ใจกว้าง"), ("ปู่เย็น", "ฤทธิ์เดช"), ("กุ๊กไก่", "มั่นคง"), ("ญาณี", "ศรีสุข")]


def _thai(msgid):
    with translation.override("th"):
        return translation.gettext(msgid)


def _pages(pdf, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return path, [page for page in text.split("\f") if page.strip()]


@pytest.fixture
def crowded_training(training, sign_up_person):
    """Sixty people: the sign-in sheet runs over several pages."""
    sign_up_person(training, "กนก", "น้ำผึ้งทอง")
    for number in range(59):
        first, last = THAI_NAMES[number % len(THAI_NAMES)]
        group = VolunteerGroup.OPM if number % 2 else VolunteerGroup.YOUTH
        sign_up_person(training, first, f"{last}{number:02d}", group=group)
    return training


def test_sign_in_sheet_repeats_its_header_numbers_its_pages_and_shows_thai(
    client, coordinator, crowded_training, tmp_path
):
    client.force_login(coordinator)
    response = client.get(reverse("exports:sign_in_sheet", args=[crowded_training.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path, pages = _pages(response.content, tmp_path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert _thai("Sign-in sheet") in page, f"header missing on page {number}"
        assert crowded_training.title in page, f"header missing on page {number}"
        assert _thai("Signature") in page and "อบต.ด่านแม่ละเมา" in page
        assert f"{_thai('Page')} {number} / {len(pages)}" in page
    text = "\n".join(pages)
    assert "กนก น้ำผึ้งทอง" in pages[0]
    for first, last in THAI_NAMES:
        assert f"{first} {last}" in text
    with translation.override("th"):
        assert translation.pgettext("volunteer group, short", "OPM volunteer") in text
    assert "60" in text.split() and "70" in text.split()  # then ten blank rows for walk-ins
    assert str(crowded_training.starts_at.year + 543) in pages[0]

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(SCREENSHOTS / "exports-sign-in-sheet"),
        ],
        check=True,
    )
    assert (SCREENSHOTS / "exports-sign-in-sheet.png").stat().st_size > 10_000


def _attended(training, sign_up_person, coordinator):
    lecture, temple = training.activities.all()
    people = [
        ("ก", VolunteerGroup.CHILD, [temple], True),
        ("ข", VolunteerGroup.YOUTH, [lecture, temple], True),
        ("ค", VolunteerGroup.YOUTH, [lecture], False),
        ("ง", VolunteerGroup.OPM, [lecture, temple], True),
    ]
    for name, group, activities, came in people:
        signup = sign_up_person(training, name, "ทดสอบ", group=group, activities=activities)
        if came:
            services.check_in(signup, by=coordinator)


def test_summary_workbook_counts_attendance_by_group_and_activity_with_hours(
    client, coordinator, training, sign_up_person
):
    _attended(training, sign_up_person, coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("exports:summary", kwargs={"event_id": training.pk, "fmt": "xlsx"}))
    assert response.status_code == 200
    by_group, by_activity = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets
    groups = {row[0]: row[1:] for row in by_group.iter_rows(min_row=4, values_only=True)}
    # signed up, confirmed, checked in, hours (the event is 7 hours long)
    assert groups["เยาวชน"] == (2, 2, 1, 7)
    assert groups["เด็ก"] == (1, 1, 1, 7)
    assert groups[_thai("Total")] == (4, 4, 3, 21)
    activities = {row[0]: row[1:] for row in by_activity.iter_rows(min_row=4, values_only=True)}
    # each activity lasts 3 hours
    assert activities["บรรยายศาสตร์พระราชา"] == (3, 3, 2, 6)
    assert activities["จิตอาสาพัฒนาวัด"] == (3, 3, 3, 9)
    # Four people, two of whom chose both activities: the total counts people, not person-activities.
    assert activities[_thai("Total")] == (4, 4, 3, 15)
    assert by_group.freeze_panes == "A4"


def test_summary_pdf_shows_both_tables(client, coordinator, training, sign_up_person, tmp_path):
    _attended(training, sign_up_person, coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("exports:summary", kwargs={"event_id": training.pk, "fmt": "pdf"}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    _, pages = _pages(response.content, tmp_path)
    text = " ".join(" ".join(page.split()) for page in pages)
    assert _thai("Attendance by volunteer group") in text
    assert _thai("Attendance by activity") in text
    assert "จิตอาสาพัฒนาวัด 3 3 3 9.0" in text
    assert f"{_thai('Total')} 4 4 3 21.0" in text

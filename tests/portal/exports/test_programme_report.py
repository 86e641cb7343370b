"""The programme report for a Thai fiscal year or any dates, as PDF and XLSX: its totals are
recomputed here from the sign-ups, one by one, without the report's code; erased people still count."""

import datetime
import io
import re
import shutil
import subprocess
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook

from cms.demo_after_event import FINISHED_TITLE
from portal.accounts.models import ConsentPurpose, VolunteerGroup
from portal.accounts.services import erase_account, record_consent
from portal.events import services
from portal.events.models import Event, EventStatus, Signup
from portal.exports.programme_report import Period
from tests.after_event import attend, finished_event, in_group
from tests.portal.exports.test_print_setup import SCREENSHOTS
from tests.portal.thai.pdf_text import leftover, readers, shown_text, unspaced

FOOTER = re.compile(r"หน้า\s*\d+\s*/\s*\d+")


def assert_reads_back_as_printed(pdf, html):
    """As tests/portal/exports/test_document_text.py, with the footers taken out first: the report's
    small numbers (2 people, 3 hours) would otherwise be found inside a footer's page number."""
    pieces = shown_text(html)
    for reader, text in readers(pdf, layout=False).items():
        assert unspaced(leftover(FOOTER.sub("", text), pieces)) == "", reader


pytestmark = pytest.mark.django_db


def test_a_thai_fiscal_year_runs_from_october_to_september_and_is_named_in_be():
    year = Period.of_fiscal_year(2570)
    assert (year.first_day, year.last_day) == (datetime.date(2026, 10, 1), datetime.date(2027, 9, 30))
    assert Period.containing(datetime.date(2026, 10, 1)) == year
    assert Period.containing(datetime.date(2026, 9, 30)).fiscal_year == 2569
    assert Period.of_fiscal_year(2564).first_day == datetime.date(2020, 10, 1)  # Oct 2563 BE


@pytest.fixture
def season(ours, theirs, staff, make_volunteer):
    """Two events held in the period, one before it, one of another programme, a cancelled one and
    one still to come; people of every group, a no-show, and a person erased afterwards."""
    coordinator = staff["coordinator"]
    record_consent(coordinator, {ConsentPurpose.PARTICIPATION: True})
    before = finished_event(ours, title="ก่อนช่วงรายงาน", days_ago=40)
    first = finished_event(ours, title="อบรมครั้งที่หนึ่ง", days_ago=10)
    second = finished_event(ours, title="จิตอาสาพัฒนาวัด", days_ago=3)
    cancelled = finished_event(ours, title="กิจกรรมที่ยกเลิก", days_ago=5)
    elsewhere = finished_event(theirs, title="ของโครงการอื่น", days_ago=4)
    groups = [
        VolunteerGroup.CHILD,
        VolunteerGroup.YOUTH,
        VolunteerGroup.OPM,
        VolunteerGroup.PARTNER,
        VolunteerGroup.YOUTH,
        VolunteerGroup.OPM,
    ]
    people = [
        in_group(make_volunteer(f"p{n}", born=datetime.date(1990, 1, 1)), group) for n, group in enumerate(groups)
    ]
    attend(before, people[2], coordinator)  # an old hand: not new in the period
    for person in people[:5]:
        attend(first, person, coordinator)
    for person in people[1:4]:
        attend(second, person, coordinator)
    services.sign_up(people[5], second)  # confirmed, never came
    attend(elsewhere, people[0], staff["other_coordinator"])
    Event.objects.filter(pk=cancelled.pk).update(status=EventStatus.CANCELLED)  # a past event is not cancellable now
    erase_account(people[3])  # still counts
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=20), today)
    return {"period": period, "coordinator": coordinator, "programme": ours}


def _recomputed(programme, period):
    """The figures, counted from the sign-ups one by one."""
    start = datetime.datetime.combine(period.first_day, datetime.time(0), tzinfo=timezone.get_current_timezone())
    end = start + datetime.timedelta(days=(period.last_day - period.first_day).days + 1)
    signups = [
        s
        for s in Signup.objects.select_related("event", "user__profile")
        if s.event.programme_id == programme.pk
        and start <= s.event.starts_at < end
        and s.event.status == EventStatus.PUBLISHED
    ]
    came = [s for s in signups if s.checked_in_at and s.status == "confirmed"]
    confirmed = [s for s in signups if s.status == "confirmed"]
    earlier = {s.user_id for s in Signup.objects.filter(checked_in_at__isnull=False, event__starts_at__lt=start)}
    return {
        "events": len({s.event_id for s in signups}),
        "people": len({s.user_id for s in came}),
        "person_times": len(came),
        "new": len({s.user_id for s in came} - earlier),
        "hours": sum((s.hours_credited for s in came), Decimal(0)),
        "rate": round(Decimal(100) * len(came) / len(confirmed), 1),
        "groups": Counter(s.user.profile.volunteer_group for s in came),
    }


def _report(client, season, fmt, **query):
    client.force_login(season["coordinator"])
    period = season["period"]
    params = {
        "programme": season["programme"].pk,
        "fmt": fmt,
        "first_day": f"{period.first_day.day}/{period.first_day.month}/{period.first_day.year + 543}",
        "last_day": f"{period.last_day.day}/{period.last_day.month}/{period.last_day.year + 543}",
        **query,
    }
    response = client.get("/admin/exports/programme-report/", params)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_xlsx_totals_are_those_recomputed_from_the_sign_ups(client, season):
    expected = _recomputed(season["programme"], season["period"])
    assert expected["people"] == 5 and expected["person_times"] == 8 and expected["new"] == 4  # the test's own sense
    workbook = load_workbook(io.BytesIO(_report(client, season, "xlsx")))
    sheet = workbook["สรุป"]
    assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value] == [
        "รายงานผลการดำเนินงานโครงการ",
        season["programme"].display_name,
        season["period"].dates,
    ]
    summary = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True)]  # below the title and the columns
    assert summary == [
        expected["events"],
        expected["people"],
        expected["person_times"],
        expected["new"],
        float(expected["hours"]),
        9,
        float(expected["rate"]),
    ]
    by_group = {row[0]: row[2] for row in workbook["ตามกลุ่มเป้าหมาย"].iter_rows(min_row=5, values_only=True)}
    assert by_group["เยาวชน"] == expected["groups"]["youth"] == 3
    assert by_group["ภาคีเครือข่าย"] == expected["groups"]["partner"] == 2  # the erased partner still counts


def test_the_pdf_has_a_cover_the_summary_and_a_section_per_event_in_be(client, season, rendered):
    expected = _recomputed(season["programme"], season["period"])
    pdf = _report(client, season, "pdf")
    assert_reads_back_as_printed(pdf, rendered[-1])
    text = readers(pdf, layout=False)["pdftotext"]
    assert "รายงานผลการดำเนินงานโครงการ" in text.replace(" ", "")
    html = rendered[-1]
    assert "อบรมครั้งที่หนึ่ง" in html and "จิตอาสาพัฒนาวัด" in html
    assert "ก่อนช่วงรายงาน" not in html and "ของโครงการอื่น" not in html and "กิจกรรมที่ยกเลิก" not in html
    assert f"พ.ศ. {season['period'].last_day.year + 543}" in html
    assert f'<td class="n">{expected["person_times"]}</td>' in html
    assert html.count('<section class="event">') == 2


def test_the_fiscal_year_form_and_who_may_use_it(client, season, staff):
    client.force_login(season["coordinator"])
    page = client.get("/admin/exports/programme-report/").content.decode()
    assert "ปีงบประมาณ" in page
    bad = client.get("/admin/exports/programme-report/", {"first_day": "31/02/2569", "last_day": "x", "fmt": "pdf"})
    assert bad.status_code == 200 and "วัน/เดือน/ปี" in bad.content.decode()
    client.force_login(staff["editor"])
    assert client.get("/admin/exports/programme-report/", {"fiscal_year": 2570, "fmt": "pdf"}).status_code == 403
    # Another programme's coordinator cannot choose ours.
    client.force_login(staff["other_coordinator"])
    record_consent(staff["other_coordinator"], {ConsentPurpose.PARTICIPATION: True})
    response = client.get(
        "/admin/exports/programme-report/", {"programme": season["programme"].pk, "fiscal_year": 2570, "fmt": "pdf"}
    )
    assert response.status_code == 200 and b"%PDF" not in response.content[:10]


def _pages(pdf_path):
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    width, _x, height = fields["Page size"].split()[:3]
    return int(fields["Pages"]), float(width), float(height)


def test_the_demos_fiscal_year_prints_from_libreoffice_and_as_pdf(client, demo, tmp_path):
    """Looked at as pictures (test-artifacts/screenshots/exports-programme-report-*.png): every sheet on
    A4 landscape with the report, the programme and the year above its columns; the PDF as the office files it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    coordinator = get_user_model().objects.get(username="coordinator")
    record_consent(coordinator, {ConsentPurpose.PARTICIPATION: True})
    client.force_login(coordinator)
    programme = Event.objects.get(title=FINISHED_TITLE).programme
    year = Period.containing(timezone.localdate() - datetime.timedelta(days=14)).fiscal_year  # the demo's run
    query = {"programme": programme.pk, "fiscal_year": year}
    workbook = tmp_path / "report.xlsx"
    workbook.write_bytes(
        b"".join(client.get("/admin/exports/programme-report/", {**query, "fmt": "xlsx"}).streaming_content)
    )
    for sheet in load_workbook(workbook).worksheets:
        assert [sheet["A1"].value, sheet["A2"].value] == ["รายงานผลการดำเนินงานโครงการ", programme.display_name]
        assert sheet["A3"].value == f"ปีงบประมาณ {year} ({Period.of_fiscal_year(year).dates})"
        assert f"1 ตุลาคม พ.ศ. {year - 1}" in sheet["A3"].value and f"30 กันยายน พ.ศ. {year}" in sheet["A3"].value
        assert sheet.print_title_rows == "$4:$4" and sheet.page_setup.orientation == "landscape"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages, width, height = _pages(tmp_path / "report.pdf")
    assert pages == 5 and (round(width), round(height)) == (842, 595)  # a sheet a page, A4 landscape
    printed = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    unspaced_text = printed.replace(" ", "")  # pdftotext puts a space after some vowels above the line
    assert unspaced_text.count("รายงานผลการดำเนินงานโครงการ") == 5 and "อบรมเสริมพลังเครือข่าย" in unspaced_text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "110",
            str(tmp_path / "report.pdf"),
            str(SCREENSHOTS / "exports-programme-report-xlsx"),
        ],
        check=True,
    )

    pdf = tmp_path / "report-as-pdf.pdf"
    pdf.write_bytes(client.get("/admin/exports/programme-report/", {**query, "fmt": "pdf"}).content)
    pages, width, height = _pages(pdf)
    assert pages >= 3 and (round(width), round(height)) == (595, 842)  # cover, summary, the event: A4 portrait
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-l", "4", str(pdf), str(SCREENSHOTS / "exports-programme-report-pdf")],
        check=True,
    )

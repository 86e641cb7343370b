"""The workbooks print as an office expects: A4 landscape, every printed column on the page's width, the
column headings on each page, and the event named above them. A nine-person list is one page when
LibreOffice prints it (it printed on seven before), at a size a person reads: the columns that matter
on paper print, long text wraps, and the columns kept for sorting (address, dates as dates) are
folded away in the workbook (they printed all 21 columns at a third of the size before)."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


def _xlsx(client, coordinator, url, **query):
    client.force_login(coordinator)
    response = client.get(url, query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def nine_people(training, sign_up_person):
    for number in range(9):
        sign_up_person(training, f"สมหญิง{number}", "รักชาติ", activities=training.activities.all()[:1])
    return training


def test_the_sign_up_list_is_set_up_for_a4_landscape_and_names_its_event(client, coordinator, nine_people):
    content = _xlsx(client, coordinator, reverse("exports:signups", kwargs={"fmt": "xlsx"}), event=nine_people.pk)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0  # as many pages down as the list needs
    assert sheet.print_title_rows == "$3:$3"
    assert sheet["A1"].value == f"รายชื่อผู้ลงทะเบียน: {nine_people.title}"
    assert nine_people.span_display in sheet["A2"].value and "ต.ด่านแม่ละเมา อ.แม่สอด จ.ตาก" in sheet["A2"].value


def test_the_summary_names_its_event_on_each_sheet(client, coordinator, nine_people):
    url = reverse("exports:summary", kwargs={"event_id": nine_people.pk, "fmt": "xlsx"})
    for sheet in openpyxl.load_workbook(io.BytesIO(_xlsx(client, coordinator, url))).worksheets:
        assert nine_people.title in sheet["A1"].value and sheet.print_title_rows == "$3:$3"


def test_libreoffice_prints_nine_people_on_one_page(client, coordinator, nine_people, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    workbook = tmp_path / "signups.xlsx"
    workbook.write_bytes(
        _xlsx(client, coordinator, reverse("exports:signups", kwargs={"fmt": "xlsx"}), event=nine_people.pk)
    )
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
    pdf = tmp_path / "signups.pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(SCREENSHOTS / "exports-signups-xlsx")],
        check=True,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert _one_landscape_page(info), info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert nine_people.title in text and "สมหญิง8" in text
    assert "ลงชื่อเข้าร่วม" in text and "ผู้ปกครองหรือผู้ติดต่อ" in text and "กิจกรรมย่อย" in text
    assert "ที่อยู่" not in text and "วันที่ลงทะเบียน" not in text, "the sorting columns do not print"
    assert min(_printed_heights(pdf, "สมหญิง")) >= 7, "names print at a readable size (points)"


def _printed_heights(pdf, word):
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = re.findall(rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{re.escape(word)}<', boxes)
    assert found, f"{word} is not on the page"
    return [float(bottom) - float(top) for top, bottom in found]


def test_the_columns_kept_for_sorting_are_in_the_workbook_but_folded_away(client, coordinator, nine_people):
    content = _xlsx(client, coordinator, reverse("exports:signups", kwargs={"fmt": "xlsx"}), event=nine_people.pk)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    headings = {cell.value: cell.column_letter for cell in sheet[3]}
    assert len(headings) == 21
    assert not [heading for heading in headings if "เช็กอิน" in heading], "the screens' word: ลงชื่อเข้าร่วม"
    folded = {heading for heading, letter in headings.items() if sheet.column_dimensions[letter].hidden}
    assert folded == {
        "ที่อยู่",
        "กิจกรรม",
        "วันที่จัดกิจกรรม",
        "วันสุดท้ายของกิจกรรม",
        "วันที่จัดกิจกรรม (พ.ศ.)",
        "วันที่ลงทะเบียน",
        "วันที่ลงทะเบียน (พ.ศ.)",
        "เวลาลงชื่อเข้าร่วม",
    }
    assert all(sheet.column_dimensions[headings[heading]].outlineLevel == 1 for heading in folded)
    assert sheet[f"{headings['กิจกรรมย่อย']}4"].alignment.wrap_text


def _one_landscape_page(info):
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    width, _x, height = fields["Page size"].split()[:3]
    return fields["Pages"].strip() == "1" and float(width) > float(height)

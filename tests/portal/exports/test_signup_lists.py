"""The sign-up list as CSV and XLSX, through the admin URLs a coordinator uses."""

import csv
import datetime
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.models import VolunteerGroup
from portal.events import services
from portal.events.models import SignupStatus
from portal.exports.exporters import SignupExporter

from .conftest import HOSTILE_NAMES

pytestmark = pytest.mark.django_db


def _csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "Excel on Windows needs the BOM to read UTF-8 Thai"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _workbook(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _thai(msgid):
    with translation.override("th"):
        return translation.gettext(msgid)


def _thai_headers():
    with translation.override("th"):
        return [str(column.header) for column in SignupExporter.columns]


def _export(client, user, fmt, **filters):
    client.force_login(user)
    return client.get(reverse("exports:signups", kwargs={"fmt": fmt}), filters)


def test_csv_has_a_bom_and_thai_survives_the_round_trip(client, coordinator, training, sign_up_person):
    sign_up_person(training, "มะลิ", "ใจดี", group=VolunteerGroup.OPM, activities=training.activities.all())
    response = _export(client, coordinator, "csv", event=training.pk)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, row = _csv_rows(response)
    assert header == _thai_headers()
    cell = dict(zip(header, row))
    assert (cell[_thai("First name")], cell[_thai("Last name")]) == ("มะลิ", "ใจดี")
    assert cell[_thai("Volunteer group")] == "อาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์ (อพม.)"
    assert cell[_thai("Activities")] == "บรรยายศาสตร์พระราชา, จิตอาสาพัฒนาวัด"
    assert cell[_thai("Status")] == "ยืนยันแล้ว"
    assert cell[_thai("Phone")] == "081-234-5678"
    event_day = timezone.localtime(training.starts_at).date()
    assert cell[_thai("Event date")] == event_day.isoformat()
    assert cell[_thai("Event date (B.E.)")].endswith(f" {event_day.year + 543}")


def test_xlsx_cells_have_real_types_a_header_and_frozen_panes(client, coordinator, training, sign_up_person):
    signup = sign_up_person(training, "สมหญิง", "รักชาติ", activities=training.activities.all()[:1])
    services.check_in(signup, by=coordinator)
    response = _export(client, coordinator, "xlsx", event=training.pk)
    assert response.status_code == 200
    sheet = _workbook(response).active
    assert sheet.freeze_panes == "A4"
    header = [cell.value for cell in sheet[3]]
    assert header == _thai_headers()
    assert all(cell.font.bold for cell in sheet[3])
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["A"].width
    row = {name: cell for name, cell in zip(header, sheet[4])}
    number, event_date = row[_thai("No.")], row[_thai("Event date")]
    assert number.value == 1 and number.data_type == "n"
    assert event_date.is_date and event_date.value.date() == timezone.localtime(training.starts_at).date()
    checked_in = row[_thai("Checked in at")]
    assert checked_in.is_date and isinstance(checked_in.value, datetime.datetime)
    assert abs(checked_in.value - timezone.localtime().replace(tzinfo=None)) < datetime.timedelta(minutes=5)
    assert row[_thai("Hours")].value == 7.0 and row[_thai("Hours")].data_type == "n"
    assert row[_thai("Event date (B.E.)")].value.endswith(f" {timezone.localtime(training.starts_at).year + 543}")
    assert row[_thai("First name")].value == "สมหญิง"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hostile_names_arrive_as_text_not_formulas(client, coordinator, training, sign_up_person, fmt):
    for number, name in enumerate(HOSTILE_NAMES):
        sign_up_person(training, name, f"นามสกุล{number}")
    response = _export(client, coordinator, fmt, event=training.pk)
    if fmt == "csv":
        first_names = [row[2] for row in _csv_rows(response)[1:]]
        # CSV has no cell types: a leading apostrophe is the only way to keep a formula from running.
        assert sorted(first_names) == sorted("'" + name for name in HOSTILE_NAMES)
    else:
        cells = [row[2] for row in _workbook(response).active.iter_rows(min_row=4)]
        assert all(cell.data_type == "s" for cell in cells), "no cell may be a formula"
        # A text cell shows the name exactly as typed, with no apostrophe in front (XML reads \r back as \n).
        assert sorted(cell.value for cell in cells) == sorted(name.replace("\r", "\n") for name in HOSTILE_NAMES)


def test_libreoffice_shows_the_xlsx_names_as_typed_and_computes_none(
    client, coordinator, training, sign_up_person, tmp_path
):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    names = ['=HYPERLINK("http://x","y")', "＝1+1", "=1+1", "@SUM(A1)"]
    for number, name in enumerate(names):
        sign_up_person(training, name, f"นามสกุล{number}")
    workbook = tmp_path / "signups.xlsx"
    workbook.write_bytes(b"".join(_export(client, coordinator, "xlsx", event=training.pk).streaming_content))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shown = [row[2] for row in list(csv.reader(io.StringIO((tmp_path / "signups.csv").read_text("utf-8"))))[3:]]
    assert sorted(shown) == sorted(names)  # not "2", not a link, no apostrophe


def test_invisible_characters_are_not_written_into_any_export(client, coordinator, training, sign_up_person):
    """A name stored before the rules (or from LINE) with U+202E would print backwards; exports drop it."""
    sign_up_person(training, "สมชาย\u202e", "ใจดี\u200b")
    csv_names = _csv_rows(_export(client, coordinator, "csv", event=training.pk))[1][2:4]
    xlsx_row = next(_workbook(_export(client, coordinator, "xlsx", event=training.pk)).active.iter_rows(min_row=4))
    assert csv_names == ["สมชาย", "ใจดี"] and [cell.value for cell in xlsx_row[2:4]] == ["สมชาย", "ใจดี"]


def test_the_listing_filters_apply_to_the_export(client, coordinator, training, sign_up_person):
    lecture, temple = training.activities.all()
    sign_up_person(training, "ก้อง", "บรรยาย", activities=[lecture])
    sign_up_person(training, "ขวัญ", "วัด", activities=[temple])
    cancelled = sign_up_person(training, "คำ", "ยกเลิก", activities=[temple])
    services.cancel(cancelled, by=coordinator)  # the training is today: past the volunteers' own deadline

    def first_names(**filters):
        return [row[2] for row in _csv_rows(_export(client, coordinator, "csv", event=training.pk, **filters))[1:]]

    assert first_names() == ["ก้อง", "ขวัญ", "คำ"]
    assert first_names(activity=temple.pk) == ["ขวัญ", "คำ"]
    assert first_names(activity=temple.pk, status=SignupStatus.CONFIRMED) == ["ขวัญ"]
    assert first_names(status=SignupStatus.CANCELLED) == ["คำ"]
    assert first_names(q="ก้อง") == ["ก้อง"]


def test_without_an_event_a_coordinator_gets_only_their_programmes(
    client, coordinator, training, make_event, other_coordinator, sign_up_person
):
    from portal.events.models import Programme

    elsewhere = make_event(programme=Programme.objects.get(name="โครงการอื่น"), title="งานของโครงการอื่น")
    sign_up_person(training, "ของเรา", "หนึ่ง")
    sign_up_person(elsewhere, "ของเขา", "สอง")
    rows = _csv_rows(_export(client, coordinator, "csv"))[1:]
    assert [row[2] for row in rows] == ["ของเรา"]


def test_bad_filters_get_a_clear_message_not_an_error(client, coordinator, training):
    response = _export(client, coordinator, "csv", event=training.pk, status="nonsense")
    assert response.status_code == 400
    assert _thai("These filters cannot be applied: %(problems)s").split("%")[0] in response.content.decode()
    missing = _export(client, coordinator, "csv", event=999999)
    assert missing.status_code == 400 and _thai("There is no such event.") in missing.content.decode()

"""The sign-in sheet an office files, read back from the PDF: people in Thai dictionary order, a
signature column per day (or per activity), phone and remarks, numbered blank rows for walk-ins,
the certifier's block, an address with ต./อ./จ., and no word broken across lines."""

import datetime
import re
import subprocess
from pathlib import Path

import icu
import pytest
from django.urls import reverse
from django.utils import timezone

from portal.thai.dates import format_date
from tests.portal.thai.pdf_text import pdftotext, pypdf_text, unspaced

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
# By character code every name with a leading vowel (เ แ โ ใ ไ) would come after อุ…; in a Thai
# dictionary they sort by their consonant.
FIRST_NAMES = ["อุไรวรรณ", "เชียงใหม่", "ฮานา", "แพรวา", "กนก", "เลย์", "อุทัย", "ไพลิน", "โสภา", "ใจดี"]
IN_THAI_ORDER = ["กนก", "ใจดี", "เชียงใหม่", "แพรวา", "ไพลิน", "เลย์", "โสภา", "อุทัย", "อุไรวรรณ", "ฮานา"]
# A long family name and a long place: the narrow columns must wrap them between words only.
LONG_LAST_NAME = "ศรีสุขสวัสดิ์วัฒนาพงศ์ไพบูลย์"
LONG_PLACE = (
    "ศาลาอเนกประสงค์องค์การบริหารส่วนตำบลด่านแม่ละเมาเพื่อการพัฒนาสังคมและความมั่นคงของมนุษย์"
    "ประจำปีงบประมาณหอประชุมใหญ่โรงเรียนบ้านห้วยกระทิงวิทยาคมริมถนนสายเอเชีย"
)


@pytest.fixture
def two_day_training(training, sign_up_person):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    training.starts_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9)))
    training.ends_at = training.starts_at + datetime.timedelta(days=1, hours=7)  # 09:00 on day one to 16:00 on day two
    training.place_name = LONG_PLACE
    training.save(update_fields=["starts_at", "ends_at", "place_name"])
    for number, first in enumerate(FIRST_NAMES):
        sign_up_person(training, first, LONG_LAST_NAME if number == 0 else "มั่นคง")
    return training


def _sheet(client, coordinator, event, **query):
    client.force_login(coordinator)
    response = client.get(reverse("exports:sign_in_sheet", args=[event.pk]), query)
    assert response.status_code == 200
    return response.content


def test_people_come_in_thai_dictionary_order(client, coordinator, two_day_training):
    text = pypdf_text(_sheet(client, coordinator, two_day_training))
    found = sorted(FIRST_NAMES, key=lambda name: text.index(name))
    assert found == IN_THAI_ORDER


def test_a_signature_column_per_day_phone_remarks_blank_rows_and_a_certifier(client, coordinator, two_day_training):
    pages = pdftotext(_sheet(client, coordinator, two_day_training), "-layout").split("\f")
    text = pages[0]
    days = [format_date(moment, "short", "th") for moment in (two_day_training.starts_at, two_day_training.ends_at)]
    assert unspaced(text).count("ลายมือชื่อ") == 2
    assert all(
        unspaced(f"ลายมือชื่อ {day}") in unspaced(pdftotext(_sheet(client, coordinator, two_day_training))) for day in days
    )
    assert "โทร" in text and "หมายเหตุ" in text
    every_page = "\f".join(pages)
    rows = (re.match(r"\s*(\d+)(\s{2,}|\s*$)", line) for line in every_page.splitlines())
    assert [int(row[1]) for row in rows if row] == list(range(1, 21))  # ten people, ten blank rows
    assert re.search(r"ลงชื่อ\s*…+\s*ผู้รับรอง", every_page)
    assert "ต.ด่านแม่ละเมา อ.แม่สอด จ.ตาก" in text


def test_the_coordinator_may_have_a_column_per_activity(client, coordinator, two_day_training):
    first_page = unspaced(pdftotext(_sheet(client, coordinator, two_day_training, per="activity")).split("\f")[0])
    assert first_page.count("ลายมือชื่อ") == 2
    assert "ลายมือชื่อบรรยายศาสตร์พระราชา" in first_page and "ลายมือชื่อจิตอาสาพัฒนาวัด" in first_page


def _line_ends(text):
    """Where each line of `text` ends, as offsets into the text without line breaks."""
    ends, offset = [], 0
    for line in text.splitlines()[:-1]:
        offset += len(line)
        ends.append(offset)
    return ends


def test_no_word_is_broken_across_lines(client, coordinator, two_day_training, tmp_path):
    pdf = _sheet(client, coordinator, two_day_training)
    lines = [line.strip() for line in pdftotext(pdf).splitlines()]
    # A name wraps only between given and family name: each part is whole on one line.
    given, family = (next(line for line in lines if part in line) for part in ("อุไรวรรณ", LONG_LAST_NAME))
    assert given != family  # the name wrapped, and each part is whole on its line
    # The place wraps: every line of it ends where ICU's Thai dictionary ends a word.
    start = next(index for index, line in enumerate(lines) if line.startswith("สถานที่"))
    place_lines = [lines[start].removeprefix("สถานที่").strip(), lines[start + 1], lines[start + 2]]
    assert "".join(place_lines).startswith(LONG_PLACE) and len(place_lines[0]) < len(LONG_PLACE)
    words = icu.BreakIterator.createWordInstance(icu.Locale("th"))
    words.setText(LONG_PLACE)
    boundaries = set(words)
    inside_the_place = [end for end in _line_ends("\n".join(place_lines)) if end < len(LONG_PLACE)]
    assert inside_the_place and all(end in boundaries for end in inside_the_place)

    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(SCREENSHOTS / "exports-sign-in-sheet-two-days"),
        ],
        check=True,
    )


def test_the_sign_up_listing_and_export_put_names_in_thai_order(client, coordinator, two_day_training):
    client.force_login(coordinator)
    page = client.get(
        "/admin/signups/", {"ordering": "user__first_name", "event": two_day_training.pk}
    ).content.decode()
    shown = page[page.index("signup-name") :]  # the rows, after the filters' province list
    assert sorted(FIRST_NAMES, key=lambda name: shown.index(f"{name} ")) == IN_THAI_ORDER
    response = client.get(reverse("exports:signups", kwargs={"fmt": "csv"}), {"event": two_day_training.pk})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert sorted(FIRST_NAMES, key=body.index) == IN_THAI_ORDER

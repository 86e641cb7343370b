"""Each PDF the portal makes, read back by poppler's pdftotext and by pypdf, holds exactly the text
the page printed: every piece of the rendered HTML, word for word, and nothing else but the page
numbers of the footer."""

import io
import re

import pypdf
import pytest
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import VolunteerGroup
from portal.events import services
from tests.portal.thai.pdf_text import leftover, readers, shown_text, unspaced

pytestmark = pytest.mark.django_db

# Names and places with every kind of Thai cluster the sheets carry: SARA AM with and without a tone
# mark, tone marks over upper and lower vowels, letters with ascenders and descenders, THANTHAKHAT.
PEOPLE = [
    ("กนก", "น้ำผึ้งทอง"),
    ("สมศักดิ์", "ใจกว้าง"),
    ("ปู่เย็น", "ฤทธิ์เดช"),
    ("กุ๊กไก่", "มั่นคง"),
    ("ญาณี", "ศรีสุข"),
    ("ฝั่ง", "ทำนา"),
    ("ปิ่น", "สุขุ่ม"),
    ("ฐิติ", "ป้ำเป๋อ"),
]
PLACE = "ศาลาอเนกประสงค์ ตำบลด่านแม่ละเมา อำเภอแม่สอด"


def _page_numbers(text):
    with translation.override("th"):
        label = translation.gettext("Page")
    return re.sub(rf"{re.escape(label)}\d+/\d+", "", unspaced(text))


def assert_reads_back_as_printed(pdf, html):
    pieces = shown_text(html)
    assert pieces
    for reader, text in readers(pdf, layout=False).items():
        expected = pieces
        if reader == "pdftotext":  # poppler joins a line that ends in a hyphen to the next one without it
            text, expected = text.replace("-", ""), [piece.replace("-", "") for piece in pieces]
        assert _page_numbers(leftover(text, expected)) == "", reader


@pytest.fixture
def training_with_people(training, sign_up_person, coordinator):
    training.place_name = PLACE
    training.save(update_fields=["place_name"])
    signups = [sign_up_person(training, first, last, group=VolunteerGroup.OPM) for first, last in PEOPLE]
    for signup in signups:
        services.check_in(signup, by=coordinator)
    return training, signups


def test_the_sign_in_sheet_reads_back_as_printed(client, coordinator, training_with_people, rendered):
    training, _ = training_with_people
    client.force_login(coordinator)
    response = client.get(reverse("exports:sign_in_sheet", args=[training.pk]))
    assert response.status_code == 200
    # The table's heading is printed again at the top of every page after the first.
    html, pages = rendered[-1], len(pypdf.PdfReader(io.BytesIO(response.content)).pages)
    heading = html[html.index("<thead>") : html.index("</thead>")]
    assert_reads_back_as_printed(response.content, html + heading * (pages - 1))
    assert "น้ำผึ้งทอง" in html and "ลายมือชื่อ" in html


def test_the_event_summary_reads_back_as_printed(client, coordinator, training_with_people, rendered):
    training, _ = training_with_people
    client.force_login(coordinator)
    response = client.get(reverse("exports:summary", kwargs={"event_id": training.pk, "fmt": "pdf"}))
    assert response.status_code == 200
    assert_reads_back_as_printed(response.content, rendered[-1])
    assert "จิตอาสาพัฒนาวัด" in rendered[-1]


@pytest.mark.parametrize("person", range(len(PEOPLE)))
def test_the_certificate_reads_back_as_printed(client, training_with_people, rendered, person):
    training, signups = training_with_people
    programme = training.programme
    programme.signatory_name, programme.signatory_title = "นายอำนาจ ผู้รับรอง", "นายกองค์การบริหารส่วนตำบล"
    programme.save(update_fields=["signatory_name", "signatory_title"])
    client.force_login(signups[person].user)
    response = client.get(f"/events/signups/{signups[person].pk}/certificate.pdf")
    assert response.status_code == 200
    assert_reads_back_as_printed(response.content, rendered[-1])
    assert "เกียรติบัตร" in rendered[-1] and PEOPLE[person][1] in rendered[-1]

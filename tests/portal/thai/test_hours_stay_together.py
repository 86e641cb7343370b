""" "น." (o'clock) never starts a line: the one BE formatter ties it to its time with a no-break space, so a
narrow column in a PDF, a phone's screen or a plain-text message never reads "17:11–20:11 / น."."""

import datetime
import zoneinfo

import pytest

from portal.thai import fonts
from portal.thai.dates import format_date, format_span
from portal.thai.pdf import keep_hours_together, write_pdf

from .pdf_text import pdftotext

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
START = datetime.datetime(2026, 12, 31, 17, 11, tzinfo=BANGKOK)
EVERY_TIME_ON_THE_FORMATTER = [
    format_date(START, "time", language="th"),
    format_date(START, "datetime", language="th"),
    format_span(START, START.replace(hour=20), "long", language="th"),
    format_span(START, START.replace(hour=20), "short", language="th"),
    format_span(START, START + datetime.timedelta(hours=10), "short", language="th"),  # overnight: two times
]


@pytest.mark.parametrize("text", EVERY_TIME_ON_THE_FORMATTER)
def test_every_o_clock_is_tied_to_its_time_by_a_no_break_space(text):
    assert text.count("น.") == text.count("\u00a0น.") >= 1
    assert " น." not in text


def _narrow_columns(texts):
    """Each text in boxes from 20 to 60 mm wide, 1 mm apart: at some width each would wrap at every space."""
    family, regular = fonts.pdf_fonts()["font_family"], fonts.pdf_fonts()["font_regular"]
    style = (
        f'@font-face {{ font-family: "{family}"; src: url("{regular}"); }} '
        f'body {{ font-family: "{family}"; font-size: 12pt; }} p {{ margin: 0 0 4mm; }}'
    )
    boxes = "".join(f'<p style="width: {width}mm">{text}</p>' for text in texts for width in range(20, 61))
    return f'<html lang="th"><head><meta charset="utf-8"><style>{style}</style></head><body>{boxes}</body></html>'


def _lines_starting_with_o_clock(texts):
    text_layer = pdftotext(write_pdf(_narrow_columns(texts), base_url="/"))
    return [line for line in text_layer.splitlines() if line.strip().startswith("น.")]


def test_a_pdf_never_puts_o_clock_on_a_line_of_its_own():
    assert _lines_starting_with_o_clock(EVERY_TIME_ON_THE_FORMATTER) == []
    # The same widths do break before an ordinary space: the columns are narrow enough to show it.
    with_ordinary_spaces = [text.replace("\u00a0น.", " น.") for text in EVERY_TIME_ON_THE_FORMATTER]
    assert _lines_starting_with_o_clock(with_ordinary_spaces)


def test_only_the_text_of_a_pdf_page_is_touched_never_its_tags():
    page = '<img alt="เวลา 17:11\u00a0น."><p>เริ่ม 17:11\u00a0น.</p>'
    assert keep_hours_together(page) == (
        '<img alt="เวลา 17:11\u00a0น."><p>เริ่ม <span style="white-space: nowrap">17:11\u00a0น.</span></p>'
    )

"""Exports skip the per-character clean-up for text made only of ordinary characters: what they write
is exactly what the full clean-up (portal.thai.text.printable) would write, for any text."""

import csv
import io
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

from portal.exports.exporters import Column
from portal.exports.writers import _csv_text, _printable, _xlsx_value, csv_chunks, is_formula_like, printable_rows
from portal.thai.text import printable

THAI_AND_TRAPS = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),  # the Thai block with its unassigned points
        st.sampled_from(
            "\u200b\u200d\u202e\ufeff\u00ad\u0000\u001b\u0085\u2028\n\r\t \u00a0\u3000=+-@"
            "\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\u2013\u2014\u00b7\u2026\u2018\u2019\u201c\u201d"
        ),
        st.characters(),
    )
)


@given(THAI_AND_TRAPS)
def test_the_fast_path_writes_what_the_full_clean_up_writes(text):
    assert _printable(text) == printable(text, multiline=True)


def test_a_name_with_a_right_to_left_override_is_still_cleaned():
    assert list(printable_rows([("สมชาย\u202eใจดี", 3)])) == [("สมชายใจดี", 3)]


def spreadsheet_reads_a_formula(text):
    """The rule as writers.py states it, character by character: = + - @ (or what NFKC makes them)
    first after leading spaces, or a tab or line break first."""
    if text[:1] in ("\t", "\r", "\n"):
        return True
    stripped = text.lstrip(" \u00a0\u3000")
    return bool(stripped) and unicodedata.normalize("NFKC", stripped[0])[:1] in ("=", "+", "-", "@")


@given(THAI_AND_TRAPS)
def test_the_formula_check_answers_as_the_rule_for_any_text(text):
    assert is_formula_like(text) == spreadsheet_reads_a_formula(text)


@given(THAI_AND_TRAPS)
def test_a_csv_cell_is_the_cleaned_text_with_an_apostrophe_only_before_a_formula(text):
    cleaned = printable(text, multiline=True)
    assert _csv_text(text) == ("'" + cleaned if spreadsheet_reads_a_formula(cleaned) else cleaned)


def test_a_thai_date_span_with_its_dash_is_written_as_it_is():
    assert _csv_text("31 ธ.ค. 2569 – 1 ม.ค. 2570") == "31 ธ.ค. 2569 – 1 ม.ค. 2570"
    assert _csv_text("－1+1") == "'－1+1"


ROW_VALUES = st.one_of(
    THAI_AND_TRAPS,
    st.sampled_from(["#N/A", "#REF!", "#DIV/0!", "สมชาย", "1 ธ.ค. 2569"]),
    st.none(),
    st.integers(),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False, places=1),
    st.dates(),
    st.datetimes(),
)


@given(st.lists(ROW_VALUES, max_size=8))
def test_a_csv_row_is_what_the_full_conversion_of_each_value_writes(row):
    columns = [Column(f"c{number}", 10) for number in range(len(row))]
    _bom_and_header, line = csv_chunks(columns, [row])
    expected = io.StringIO()
    csv.writer(expected).writerow([_csv_text(value) for value in row])
    assert line.decode() == expected.getvalue()


@given(ROW_VALUES, st.booleans())
def test_an_xlsx_value_is_cleaned_and_a_text_cell_exactly_when_a_spreadsheet_would_compute_it(value, styled):
    sheet = Workbook(write_only=True).create_sheet()
    styled_cell = WriteOnlyCell(sheet) if styled else None
    written = _xlsx_value(sheet, value, styled_cell)
    if not isinstance(value, str):
        assert written is (value if value is None or not styled else styled_cell)
        return
    cleaned = printable(value, multiline=True)
    if spreadsheet_reads_a_formula(cleaned) or cleaned in ERROR_CODES:
        assert (written.value, written.data_type) == (cleaned, "s")
    elif styled:
        assert written is styled_cell and written.value == cleaned
    else:
        assert written == cleaned

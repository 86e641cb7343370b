"""Writers turn an exporter's columns and rows into a file: CSV, XLSX or PDF.

CSV and XLSX never hold more than a chunk of rows in memory. Text is written without invisible or
control characters (a name with U+202E would read backwards), and text that a spreadsheet would
take for a formula (it starts, after any spaces, with = + - @ in ASCII or full width, a tab or a
line break) cannot become one: in CSV it gets a leading apostrophe, the only way there; in XLSX the
cell is a text cell, which shows it exactly as typed and never computes it."""

import csv
import datetime
import decimal
import re
import unicodedata

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.thai.fonts import pdf_fonts
from portal.thai.pdf import write_pdf
from portal.thai.text import printable

FORMULA_TRIGGERS = ("=", "+", "-", "@")
# What nearly every name, address and date starts with: letters, digits, Thai, or nothing (an empty text).
# None of them can start a formula, so is_formula_like() answers at once for these
# (tests/portal/exports/test_plain_text_fast_path.py).
SAFE_FIRST = frozenset(
    [""]
    + [chr(code) for code in range(ord("0"), ord("9") + 1)]
    + [chr(code) for code in range(ord("A"), ord("Z") + 1)]
    + [chr(code) for code in range(ord("a"), ord("z") + 1)]
    + [chr(code) for code in range(0x0E01, 0x0E3B)]
    + [chr(code) for code in range(0x0E3F, 0x0E5C)]
)
CONTROL_TRIGGERS = ("\t", "\r", "\n")
UTF8_BOM = "\ufeff"
# Lines of CSV handed to the response at once: fewer, larger writes stream faster.
CSV_LINES_PER_CHUNK = 500


def is_formula_like(text):
    """True when a spreadsheet could read `text` as a formula: = + - @ first (full-width ＝＋－＠ and
    the small forms too, as NFKC makes them ASCII), after any leading spaces; or a tab or line break first."""
    if text[:1] in SAFE_FIRST:
        return False
    if text.startswith(CONTROL_TRIGGERS):
        return True
    first = text.lstrip(" \u00a0\u3000")[:1]
    return bool(first) and unicodedata.normalize("NFKC", first).startswith(FORMULA_TRIGGERS)


def neutralise(value):
    """For CSV: text that could be a formula gets a leading apostrophe."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


# Characters that printable() always keeps: printable ASCII, line breaks, the Thai block, the no-break spaces
# and the typographic dashes, quotes and dots of dates and titles. Text with nothing else (nearly every name,
# title, address and date) skips the per-character check; one regular expression finds the rest.
NEEDS_CLEANING = re.compile(
    "[^\x20-\x7e\n\r\t\u00a0\u3000\u0e01-\u0e3a\u0e3f-\u0e5b\u00b7\u2013\u2014\u2018\u2019\u201c\u201d\u2026]"
)


def _printable(text):
    return printable(text, multiline=True) if NEEDS_CLEANING.search(text) else text


def printable_rows(rows):
    """Rows with every text value stripped of invisible and control characters (line breaks stay)."""
    for row in rows:
        yield tuple(_printable(value) if isinstance(value, str) else value for value in row)


def _csv_text(value):
    if isinstance(value, str):
        if NEEDS_CLEANING.search(value):
            value = printable(value, multiline=True)
        return "'" + value if is_formula_like(value) else value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).isoformat(" ", "minutes")  # YYYY-MM-DD HH:MM, its own wall clock
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)  # a number: "-2" is the number minus two, not a formula


# The csv module writes these as str() does: None as "", a date as YYYY-MM-DD, a number as its digits.
CSV_AS_THEY_ARE = frozenset({type(None), int, decimal.Decimal, datetime.date})


class _Lines:
    """The csv module writes into this; it hands back what was written."""

    def write(self, text):
        return text


def csv_chunks(columns, rows):
    """UTF-8 bytes with a BOM (so Excel on Windows reads Thai), in chunks for a streaming response."""
    writer = csv.writer(_Lines())
    yield (UTF8_BOM + writer.writerow([_csv_text(str(column.header)) for column in columns])).encode()
    lines = []
    for row in rows:
        # Text that starts with a letter, a digit or Thai and needs no cleaning goes as it is, without a call,
        # and so do the values the csv module writes as _csv_text would.
        lines.append(
            writer.writerow(
                [
                    value
                    if (value.__class__ is str and value[:1] in SAFE_FIRST and not NEEDS_CLEANING.search(value))
                    or value.__class__ in CSV_AS_THEY_ARE
                    else _csv_text(value)
                    for value in row
                ]
            )
        )
        if len(lines) == CSV_LINES_PER_CHUNK:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def _xlsx_sheet(workbook, title, columns, rows, heading):
    sheet = workbook.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if not column.printed:
            # Folded away, so it does not print; the outline's "+" above the sheet opens it on screen.
            dimension.outlineLevel, dimension.hidden = 1, True
    header_row = len(heading) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    set_up_printing(sheet, header_row)
    bold, wrap = Font(bold=True), Alignment(vertical="top", wrap_text=True)
    for number, line in enumerate(heading):
        cell = _text_cell(sheet, printable(str(line)))
        cell.font = Font(bold=True, size=14) if number == 0 else bold
        sheet.append([cell])

    def header(column):
        cell = _text_cell(sheet, str(column.header))
        cell.font, cell.alignment = bold, wrap
        return cell

    sheet.append([header(column) for column in columns])
    # openpyxl writes each row as it is appended, so one styled cell per column can carry every row's value.
    styled = [_styled_cell(sheet, column) if column.number_format or column.wrap else None for column in columns]
    for row in rows:
        sheet.append([_xlsx_value(sheet, value, cell) for value, cell in zip(row, styled)])


def set_up_printing(sheet, header_row):
    """What an office printer needs: A4 landscape, every column on the page's width (as many pages
    down as it takes), the column headings again at the top of each page, the page number below."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "&P / &N"


def _styled_cell(sheet, column):
    cell = WriteOnlyCell(sheet)
    if column.number_format:
        cell.number_format = column.number_format
    if column.wrap:
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    return cell


def _text_cell(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would make "=..." a formula and "#N/A" an error: it is text as typed
    return cell


def _xlsx_value(sheet, value, styled_cell):
    if value.__class__ is str:
        if NEEDS_CLEANING.search(value):
            value = printable(value, multiline=True)
        # Every error code starts with "#", which is not among SAFE_FIRST either.
        if value[:1] not in SAFE_FIRST and (is_formula_like(value) or value in ERROR_CODES):
            return _text_cell(sheet, value)
    if value is None or styled_cell is None:
        return value
    styled_cell.value = float(value) if isinstance(value, decimal.Decimal) else value
    return styled_cell


def write_xlsx(output, sheets, heading=()):
    """`sheets`: (title, columns, rows) triples; `heading`: the lines above the columns of each sheet
    (what the list is and the event it is of). openpyxl's write-only mode streams each row to a
    temporary file instead of keeping the workbook in memory."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        _xlsx_sheet(workbook, str(title), columns, rows, heading)
    workbook.save(output)


def render_pdf(template_name, context):
    return write_pdf(render_to_string(template_name, {**pdf_fonts(), **context}), base_url="/")

"""Writers turn an exporter's columns and rows into a file: CSV, XLSX or PDF.

CSV and XLSX never hold more than a chunk of rows in memory. A text cell that a spreadsheet
would read as a formula (it starts with = + - @, a tab or a carriage return) gets a leading
apostrophe, so a name like =HYPERLINK(...) arrives as the text it is."""

import csv
import datetime
import decimal

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.thai.fonts import pdf_fonts
from portal.thai.pdf import write_pdf

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"
# Lines of CSV handed to the response at once: fewer, larger writes stream faster.
CSV_LINES_PER_CHUNK = 500


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_text(value):
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)  # a number: "-2" is the number minus two, not a formula


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
        lines.append(writer.writerow([_csv_text(value) for value in row]))
        if len(lines) == CSV_LINES_PER_CHUNK:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def _xlsx_sheet(workbook, title, columns, rows):
    sheet = workbook.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(vertical="top", wrap_text=True)

    def header(column):
        cell = WriteOnlyCell(sheet, value=neutralise(str(column.header)))
        cell.font, cell.alignment = bold, wrap
        return cell

    sheet.append([header(column) for column in columns])
    # openpyxl writes each row as it is appended, so one styled cell per column can carry every row's value.
    styled = [_styled_cell(sheet, column.number_format) if column.number_format else None for column in columns]
    for row in rows:
        sheet.append([_xlsx_value(sheet, value, cell) for value, cell in zip(row, styled)])


def _styled_cell(sheet, number_format):
    cell = WriteOnlyCell(sheet)
    cell.number_format = number_format
    return cell


def _xlsx_value(sheet, value, styled_cell):
    if isinstance(value, str):
        value = neutralise(value)
        if value in ERROR_CODES:  # "#N/A" typed as a name is text, not an error cell
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value
    if value is None or styled_cell is None:
        return value
    styled_cell.value = float(value) if isinstance(value, decimal.Decimal) else value
    return styled_cell


def write_xlsx(output, sheets):
    """`sheets`: (title, columns, rows) triples. openpyxl's write-only mode streams each row to
    a temporary file instead of keeping the workbook in memory."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        _xlsx_sheet(workbook, str(title), columns, rows)
    workbook.save(output)


def render_pdf(template_name, context):
    return write_pdf(render_to_string(template_name, {**pdf_fonts(), **context}), base_url="/")

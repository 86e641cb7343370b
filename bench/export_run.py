"""One export of bench/exports.py, timed in its own process, and the ceilings of issue 17 it is measured against."""

import json
import resource
import tempfile
import time
import tracemalloc


def _plain_csv(output, queryset):
    """The CSV ceiling of issue 17: csv.writer over values_list() of the same fields, nothing else."""
    import csv
    import io

    from portal.exports.exporters import SignupExporter

    text = io.TextIOWrapper(output, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    count = 0
    for row in queryset.values_list(*SignupExporter.FIELDS).iterator(chunk_size=2000):
        writer.writerow(row)
        count += 1
    text.detach()
    return count


def _plain_xlsx(output, rows):
    """The XLSX ceiling of issue 17: the export's own rows (SignupExporter.rows(), as the export reads them)
    appended as they come to a plain openpyxl write-only sheet: no column widths, styles, text cells or
    clean-up of invisible characters. The ratio is what our writer adds to openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sign-ups")
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    workbook.save(output)
    return count


def export(kind, event_id, measure_memory):
    """Runs in a subprocess: one export, timed, optionally under tracemalloc."""
    from portal.events.models import Event, Signup
    from portal.exports.exporters import SignupExporter
    from portal.exports.sign_in_sheet import REMARKS_HEADING, SHEET_HEADINGS, SignInSheetExporter
    from portal.exports.writers import csv_chunks, render_pdf, write_xlsx

    event = Event.objects.select_related("programme").get(pk=event_id)
    Signup.objects.filter(event=event).exists()  # the connection is open before the clock starts
    if measure_memory:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as output:
        if kind == "pdf":
            exporter = SignInSheetExporter(event)
            rows = exporter.count()
            context = {
                "event": event,
                "headings": SHEET_HEADINGS,
                "remarks_heading": REMARKS_HEADING,
                "signature_headings": exporter.signature_headings(),
                "rows": exporter.rows(),
                "page_label": "หน้า",
            }
            output.write(render_pdf("exports/sign_in_sheet.html", context))
        elif kind == "csv-ceiling":
            rows = _plain_csv(output, SignupExporter(Signup.objects.filter(event=event)).queryset)
        elif kind == "xlsx-ceiling":
            rows = _plain_xlsx(output, SignupExporter(Signup.objects.filter(event=event)).rows())
        else:
            exporter = SignupExporter(Signup.objects.filter(event=event))
            rows = exporter.count()
            if kind == "xlsx":
                write_xlsx(output, [("Sign-ups", exporter.columns, exporter.rows())])
            else:
                for chunk in csv_chunks(exporter.columns, exporter.rows()):
                    output.write(chunk)
        size = output.tell()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak = tracemalloc.get_traced_memory()[1] if measure_memory else None
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "bytes": size,
                "peak": peak,
                "maxrss": maxrss_kib * 1024,
            }
        )
    )

import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .exporters import EventSummaryExporter, SignupExporter, event_heading
from .models import ExportJob, ExportStatus
from .selection import InvalidFilters, event_to_export, may_still_export, signups_to_export
from .sign_in_sheet import REMARKS_HEADING, SHEET_HEADINGS, SignInSheetExporter
from .storage import download_response
from .tasks import build_signup_export, export_filename
from .writers import csv_chunks, printable_rows, render_pdf, write_xlsx

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _refused(request, message, status=400):
    return render(request, "exports/refused.html", {"message": message}, status=status)


def _forbidden(request):
    # Wagtail's admin turns a raised PermissionDenied into a redirect; a refusal is answered as such.
    return _refused(request, _("Only the coordinators of a programme may export its sign-ups."), status=403)


def _xlsx_response(sheets, filename, heading):
    # A workbook is a zip: it is written whole to a temporary file, then sent from there.
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write_xlsx(output, sheets, heading)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"])


def _pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _event_filename(event, what, file_format):
    return f"{what}-{event.pk}-{slugify(event.title_en) or 'event'}.{file_format}"


def _start_building(job):
    # robust: with the broker down the coordinator still gets the progress page, which offers
    # "try again" once the job is stale (EXPORT_STALE_AFTER).
    def build():  # a named function: Django's robust on_commit logs a failure by __qualname__
        build_signup_export.delay(str(job.pk))

    transaction.on_commit(build, robust=True)


def signups(request, fmt):
    try:
        exporter = SignupExporter(signups_to_export(request.user, request.GET))
    except PermissionDenied:
        return _forbidden(request)
    except InvalidFilters as problem:
        return _refused(request, str(problem))
    total = exporter.count()
    if total > settings.EXPORT_ASYNC_THRESHOLD:
        job = ExportJob.objects.create(
            requested_by=request.user,
            file_format=fmt,
            filters=dict(request.GET.lists()),
            language=translation.get_language(),
            rows_total=total,
        )
        _start_building(job)
        return redirect("exports:job", job_id=job.pk)
    filename = export_filename(fmt)
    if fmt == "xlsx":
        return _xlsx_response([(_("Sign-ups"), exporter.columns, exporter.rows())], filename, exporter.heading())
    response = StreamingHttpResponse(csv_chunks(exporter.columns, exporter.rows()), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _exportable_event(request, event_id):
    """(the event, None), or (None, the answer that refuses it)."""
    try:
        return event_to_export(request.user, event_id), None
    except PermissionDenied:
        return None, _forbidden(request)
    except InvalidFilters as problem:
        return None, _refused(request, str(problem))


def sign_in_sheet(request, event_id):
    event, refusal = _exportable_event(request, event_id)
    if refusal:
        return refusal
    exporter = SignInSheetExporter(event, per=request.GET.get("per"))
    pdf = render_pdf(
        "exports/sign_in_sheet.html",
        {
            "event": event,
            "headings": SHEET_HEADINGS,
            "remarks_heading": REMARKS_HEADING,
            "signature_headings": exporter.signature_headings(),
            "rows": exporter.rows(),
            "page_label": _("Page"),
        },
    )
    return _pdf_response(pdf, _event_filename(event, "sign-in-sheet", "pdf"))


def summary(request, event_id, fmt):
    event, refusal = _exportable_event(request, event_id)
    if refusal:
        return refusal
    exporter = EventSummaryExporter(event)
    tables = [
        (_("Attendance by volunteer group"), exporter.group_columns, list(printable_rows(exporter.group_rows()))),
        (_("Attendance by activity"), exporter.activity_columns, list(printable_rows(exporter.activity_rows()))),
    ]
    filename = _event_filename(event, "summary", fmt)
    if fmt == "xlsx":
        return _xlsx_response(
            [(_("By group"), *tables[0][1:]), (_("By activity"), *tables[1][1:])],
            filename,
            event_heading(_("Event summary"), event),
        )
    pdf = render_pdf("exports/summary.html", {"event": event, "tables": tables, "page_label": _("Page")})
    return _pdf_response(pdf, filename)


def _own_job(request, job_id):
    """The person's own job, if they may still export what it holds: rights are those of today, not
    of the day they asked (a coordinator taken off a programme no longer downloads its list)."""
    export = get_object_or_404(ExportJob, pk=job_id, requested_by=request.user)
    if not may_still_export(request.user, export):
        raise PermissionDenied
    return export


def _with_rights_of_today(view):
    def checked(request, job_id):
        try:
            return view(request, job_id)
        except PermissionDenied:
            return _forbidden(request)

    return checked


@_with_rights_of_today
def job(request, job_id):
    export = _own_job(request, job_id)
    return render(request, "exports/job.html", {"job": export, "statuses": ExportStatus})


@require_POST
@_with_rights_of_today
def job_retry(request, job_id):
    """The coordinator's "try again" for a job whose worker died or that never reached one."""
    export = _own_job(request, job_id)
    if export.is_stale:
        ExportJob.objects.filter(pk=export.pk).update(
            status=ExportStatus.QUEUED, rows_done=0, heartbeat_at=timezone.now()
        )
        _start_building(export)
    return redirect("exports:job", job_id=export.pk)


@_with_rights_of_today
def job_download(request, job_id):
    export = _own_job(request, job_id)
    if export.status == ExportStatus.READY and export.expires_at <= timezone.now():
        export.status = ExportStatus.EXPIRED
    if export.status != ExportStatus.READY:
        status = 410 if export.status == ExportStatus.EXPIRED else 409
        return render(request, "exports/job.html", {"job": export, "statuses": ExportStatus}, status=status)
    return download_response(export.file, export.file.name.rsplit("/", 1)[-1], CONTENT_TYPES[export.file_format])

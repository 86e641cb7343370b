import datetime
import tempfile

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict

from .exporters import SignupExporter
from .models import ExportJob, ExportStatus
from .selection import signups_to_export
from .writers import csv_chunks, write_xlsx

# How often (in rows) the progress page's counter is updated.
PROGRESS_EVERY = 500


def _reporting_progress(job, rows):
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done, heartbeat_at=timezone.now())
    ExportJob.objects.filter(pk=job.pk).update(rows_done=done, heartbeat_at=timezone.now())


def export_filename(file_format):
    return f"signups-{timezone.localtime():%Y%m%d-%H%M}.{file_format}"


# How many times a file is written again because someone in it was erased while it was written.
REBUILDS_AFTER_ERASURE = 3


def _write(job):
    """Writes the job's file into storage (not saved on the job yet); returns the events it covers."""
    with translation.override(job.language):
        queryset = signups_to_export(job.requested_by, MultiValueDict(job.filters))
        event_ids = sorted(set(queryset.order_by().values_list("event_id", flat=True).distinct()))
        exporter = SignupExporter(queryset)
        rows = _reporting_progress(job, exporter.rows())
        with tempfile.TemporaryFile() as output:
            if job.file_format == "xlsx":
                write_xlsx(output, [(translation.gettext("Sign-ups"), exporter.columns, rows)], exporter.heading())
            else:
                for chunk in csv_chunks(exporter.columns, rows):
                    output.write(chunk)
            output.seek(0)
            job.file.save(export_filename(job.file_format), File(output), save=False)
    return event_ids


@shared_task(name="portal.exports.build_signup_export")
def build_signup_export(job_id):
    """Writes the job's sign-up list into storage. Runs again harmlessly (acks_late): a job that
    is already finished is left alone, one that was cut off is started over. If a person whose
    sign-ups it may hold is erased meanwhile (portal/exports/erasure.py), it is written again."""
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    for _attempt in range(REBUILDS_AFTER_ERASURE):
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.RUNNING, rows_done=0, heartbeat_at=timezone.now(), erased_while_building=False
        )
        try:
            event_ids = _write(job)
        except Exception:
            ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, finished_at=timezone.now())
            raise
        with transaction.atomic():
            # The erasure locks the job too: either it sees the file ready (and deletes it) or this sees it.
            locked = ExportJob.objects.select_for_update().get(pk=job.pk)
            if locked.status == ExportStatus.REMOVED:  # its requester was erased meanwhile
                job.file.delete(save=False)
                return
            if not locked.erased_while_building:
                now = timezone.now()
                locked.file, locked.event_ids = job.file.name, event_ids
                locked.status, locked.finished_at = ExportStatus.READY, now
                locked.expires_at = now + datetime.timedelta(seconds=settings.EXPORT_FILE_TTL)
                locked.save(update_fields=["file", "event_ids", "status", "finished_at", "expires_at"])
                return
        job.file.delete(save=False)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, finished_at=timezone.now())


@shared_task(name="portal.exports.delete_expired_exports")
def delete_expired_exports():
    """Beat runs this: export files past their time are deleted; the job stays, marked expired. Each job
    is taken under a row lock that a run on another machine skips, so no file is deleted twice; a file
    the storage cannot delete now leaves its job as it was, for the next run."""
    now, deleted = timezone.now(), 0
    expired = ExportJob.objects.filter(status=ExportStatus.READY, expires_at__lte=now)
    for job_id in expired.values_list("pk", flat=True):
        with transaction.atomic():
            job = expired.select_for_update(skip_locked=True).filter(pk=job_id).first()
            if job is None:
                continue
            job.file.delete(save=False)
            job.status = ExportStatus.EXPIRED
            job.save(update_fields=["file", "status"])
            deleted += 1
    return deleted

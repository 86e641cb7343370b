import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import export_storage


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    REMOVED = "removed", _("Deleted: a person in it had their data erased")


def _export_path(job, filename):
    return f"exports/{job.pk}/{filename}"


class ExportJob(models.Model):
    """A sign-up list too long to build during a request: a Celery task writes it into storage,
    the person who asked for it downloads it, and it is deleted when it expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    file_format = models.CharField(max_length=4)
    filters = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=_export_path, storage=export_storage, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The task's sign of life: set when it starts and as it makes progress.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The events whose sign-ups the file holds, found as it is built: erasing a person deletes the files
    # they are in, and a download checks that whoever asks still coordinates every one of them.
    event_ids = models.JSONField(null=True, blank=True)
    # Someone whose sign-ups it may hold was erased while it was being written: it is written again.
    erased_while_building = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"{self.file_format} export {self.pk}"

    @property
    def is_finished(self):
        return self.status in (ExportStatus.READY, ExportStatus.FAILED, ExportStatus.EXPIRED, ExportStatus.REMOVED)

    @property
    def is_stale(self):
        """Waiting or being prepared, but nothing heard of it for EXPORT_STALE_AFTER: its worker died
        or its task never reached one."""
        if self.is_finished:
            return False
        last_heard = self.heartbeat_at or self.created_at
        return timezone.now() - last_heard > datetime.timedelta(seconds=settings.EXPORT_STALE_AFTER)

    @property
    def percent_done(self):
        if not self.rows_total:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.rows_done / self.rows_total))

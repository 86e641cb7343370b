"""The delivery ledger: one row per (recipient, what it is about, kind, occasion, channel).

A row is created in the same transaction as the change it reports (a transactional outbox), so a
rolled-back change never sends anything and a committed one is never forgotten. A task claims the
row with a conditional UPDATE (pending → sending), sends, and marks it sent; a retried or
duplicated task finds it claimed or sent and does nothing."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .composing import ContentField


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LINE = "line", _("LINE")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class Delivery(models.Model):
    wagtail_reference_index_ignore = True  # a log, not content: no reference index rows on each save
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="deliveries"
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(_("kind"), max_length=40)
    # Tells apart messages of one kind about one subject: a reminder's moment, a change's hash, a compose form.
    occasion = models.CharField(_("occasion"), max_length=64, blank=True, default="")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The ledger key as a UUID: LINE's X-Line-Retry-Key and the e-mail's Message-ID.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    optional = models.BooleanField(
        _("optional"), default=False, help_text=_("Optional messages carry an unsubscribe link.")
    )
    content = ContentField(default=dict)  # the finished words, or what composes them when sent
    # Empty: the recipient's own address on the channel, looked up when sending. Set: another person's (a guardian's).
    address = models.CharField(_("address"), max_length=254, blank=True)
    quiet_exempt_on = models.DateField(null=True, blank=True)
    not_before = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("delivery log")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "subject_type", "subject_id", "kind", "occasion", "channel"],
                name="one_delivery_per_recipient_subject_kind_occasion_channel",
            )
        ]
        indexes = [
            models.Index(fields=["status", "not_before"]),
            models.Index(fields=["subject_type", "subject_id", "kind"]),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient} ({self.get_channel_display()})"

    @property
    def title(self):
        return (self.content or {}).get("subject", "")

    def get_last_error_display(self):
        """The ledger's own reasons are stored in English (gettext_noop) and shown in the reader's
        language; what a mail server or LINE answered is shown as it came."""
        return gettext(self.last_error) if self.last_error else ""


class ChannelStatus(models.Model):
    """A volunteer's channel that stopped working, e.g. they blocked the LINE Official Account, or
    that works again (they followed it again). Inactive means for that address only: relinking another
    LINE account (another address) is active again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254)
    active = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="one_status_per_user_channel")]


class LineEventStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be handled")
    HANDLING = "handling", _("Being handled")
    DONE = "done", _("Handled")
    FAILED = "failed", _("Failed")


class LineWebhookEvent(models.Model):
    """One event the LINE Platform sent to the webhook. The unique webhookEventId makes a redelivery
    (LINE sends an event again when it got no 200, even to another web machine) a no-op. The event
    is kept only until it is handled, without the text of messages people typed."""

    webhook_event_id = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=LineEventStatus.choices, default=LineEventStatus.PENDING)
    # Which request recorded the row: the one that inserted it (and no redelivery) enqueues it.
    receipt = models.UUIDField(editable=False)
    received_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self):
        return f"{self.kind} {self.webhook_event_id}"

"""The delivery ledger's operations: record what is to be sent, hand it to a worker, deliver it
exactly once, retry what failed for now, and let staff retry what failed for good.

    notify(...)        in the caller's transaction: one row per channel, enqueued on commit
    notify_many(...)   the same for many at once (reminders)
    deliver(ids)       what the worker runs: claim each row, send, mark it
    dispatch_due()     beat, every minute: enqueue rows that are due (deferred, retried, lost)
    register_send_check(kinds, check)   the caller's say, just before sending, whether a row is still wanted
    register_composer(name, compose)    content composed from the row when it is sent (composing.py)

This module knows no domain: a message's words come from the caller (see portal/events/notices.py),
ready-made or composed when sent by a function it registered, as a `content` dict:

    {"language": "th", "subject": "...", "title": "...", "paragraphs": ["..."],
     "details": [["When", "..."], ["Where", "..."]], "button": {"label": "...", "url": "..."},
     "actions": [{"label": "...", "data": "...", "style": "primary"}],
     "attachments": [{"filename": "event.ics", "content": "...", "mimetype": "text/calendar"}]}

"actions" are answers the person can give on LINE (postback buttons, posted back to the webhook:
line_events.py); e-mail leaves them out.
"""

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from .channels import CHANNELS, get_channel
from .composing import compose_when_sent, register_composer  # noqa: F401 - part of the ledger's interface
from .models import Channel, ChannelStatus, Delivery, DeliveryStatus
from .sending import claim_timeout, deliver, enqueue, inactive_addresses, register_send_check, requeue_after

# What callers use; deliver and register_send_check are sending.py's, offered here as the one interface.
__all__ = [
    "KIND_LABELS",
    "Message",
    "already",
    "deliver",
    "deliveries_about",
    "dispatch_due",
    "due",
    "enqueue",
    "forget_old_deliveries",
    "forget_recipient",
    "notify",
    "notify_many",
    "register_kinds",
    "register_send_check",
    "retry",
]

DISPATCH_LIMIT = 20000
# Kinds are the caller's words; it may give them labels for the delivery log.
KIND_LABELS = {}


def register_kinds(labels):
    KIND_LABELS.update(labels)


# Asked again when the worker is about to send: `check(rows)` gets rows of one kind and returns
# {row id: why it is no longer wanted} (a reminder whose sign-up was cancelled while quiet hours
# held it back). Such rows are skipped with that reason, never sent. The caller knows its domain.
# --- recording --------------------------------------------------------------------------------


@dataclass
class Message:
    recipient: object  # a user
    subject: object  # the model instance the message is about
    kind: str
    content: dict
    occasion: str = ""
    optional: bool = False
    quiet_exempt_on: datetime.date | None = None
    channels: tuple = ()  # empty: every channel that is switched on
    address: str = ""  # someone else's address (a guardian's) on `channels` (e-mail when none is named)
    not_before: datetime.datetime | None = None  # held back until then
    extra: dict = field(default_factory=dict)


def _rows(messages, now):
    """The ledger rows for `messages`: pending where the person can and wants to be reached, a
    skipped row with the reason where they cannot, nothing for a channel that is switched off."""
    users = list({message.recipient.pk: message.recipient for message in messages}.values())
    rows = []
    per_channel = {}
    for name in CHANNELS:
        channel = get_channel(name)
        if not channel.is_enabled():
            continue
        per_channel[name] = {
            "addresses": channel.addresses(users),
            "willing": {True: None, False: None},
            "channel": channel,
            "inactive": inactive_addresses(users, name) if name != Channel.EMAIL else set(),
        }
    content_types = {}
    for message in messages:
        model = type(message.subject)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        common = {
            "recipient": message.recipient,
            "subject_type": content_types[model],
            "subject_id": message.subject.pk,
            "kind": message.kind,
            "occasion": message.occasion,
            "optional": message.optional,
            "content": message.content,
            "quiet_exempt_on": message.quiet_exempt_on,
            "not_before": message.not_before,
            "created_at": now,
            "enqueued_at": now,
        }
        made = []
        for name, info in per_channel.items():
            if message.channels and name not in message.channels:
                continue
            if message.address:
                # Someone else's address (a guardian's): on the channels the caller named, else by e-mail.
                if message.channels or name == Channel.EMAIL:
                    made.append(Delivery(channel=name, address=message.address, **common))
                continue
            address = info["addresses"].get(message.recipient.pk)
            if not address:
                continue
            willing = info["willing"][message.optional]
            if willing is None:
                willing = info["willing"][message.optional] = info["channel"].willing(users, message.optional)
            if (message.recipient.pk, address) in info["inactive"]:
                made.append(
                    Delivery(
                        channel=name,
                        status=DeliveryStatus.SKIPPED,
                        **common,
                        last_error=gettext_noop("This channel stopped working for this person."),
                    )
                )
            elif message.recipient.pk not in willing:
                made.append(
                    Delivery(
                        channel=name,
                        status=DeliveryStatus.SKIPPED,
                        last_error=gettext_noop("The person has turned this channel off."),
                        **common,
                    )
                )
            else:
                made.append(Delivery(channel=name, **common))
        if not made and not message.address:
            # Nobody to reach: a row all the same, so the log says why and the message is not composed again.
            made.append(
                Delivery(
                    channel=Channel.EMAIL,
                    status=DeliveryStatus.SKIPPED,
                    last_error=gettext_noop("No channel reaches this person."),
                    **common,
                )
            )
        rows += made
    return rows


def notify(recipient, subject, kind, content, **options):
    """Record one message to `recipient` about `subject`, on every channel that reaches them, and
    enqueue it when the surrounding transaction commits. Recording the same message twice does
    nothing the second time. Returns the new pending rows."""
    return notify_many([Message(recipient=recipient, subject=subject, kind=kind, content=content, **options)])


def notify_many(messages, now=None, new_subjects=False):
    """`new_subjects`: every subject was created in this transaction, so no row can exist already
    (one INSERT and no look-up, for the sign-up's lock)."""
    now = now or timezone.now()
    if not messages:
        return []
    rows = _rows(messages, now)
    with transaction.atomic(savepoint=False):
        Delivery.objects.bulk_create(rows, ignore_conflicts=not new_subjects, batch_size=1000)
    pending = [row for row in rows if row.status == DeliveryStatus.PENDING]
    if new_subjects:
        found = [(row.pk, row.not_before) for row in pending]
    else:
        # bulk_create with ignore_conflicts does not say which rows were new: ask by key.
        keys = [row.key for row in pending]
        found = []
        for start in range(0, len(keys), 5000):
            found += Delivery.objects.filter(key__in=keys[start : start + 5000]).values_list("pk", "not_before")
    now_ids = sorted(pk for pk, not_before in found if not_before is None or not_before <= now)
    if now_ids:
        transaction.on_commit(partial(enqueue, now_ids), robust=True)
    for pk, not_before in found:
        # Held back a little: a countdown; for longer, beat's dispatch_due() finds it when it is due.
        if not_before is not None and now < not_before <= now + datetime.timedelta(minutes=15):
            seconds = int((not_before - now).total_seconds()) + 1
            transaction.on_commit(partial(enqueue, [pk], countdown=seconds), robust=True)
    return [pk for pk, _not_before in found]


def already(kind, subject_model, occasion=None, channel=None):
    """An Exists() for a queryset of `subject_model`: is there a ledger row of `kind` about it?"""
    rows = Delivery.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject_model), subject_id=OuterRef("pk"), kind=kind
    )
    if occasion is not None:
        rows = rows.filter(occasion=occasion)
    if channel is not None:
        rows = rows.filter(channel=channel)
    return Exists(rows)


def deliveries_about(subject):
    return Delivery.objects.filter(subject_type=ContentType.objects.get_for_model(type(subject)), subject_id=subject.pk)


# --- handing over to the worker ----------------------------------------------------------------


def due(now):
    ready = Q(not_before__isnull=True) | Q(not_before__lte=now)
    not_recent = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - requeue_after())
    abandoned = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - claim_timeout())
    return Delivery.objects.filter((Q(status=DeliveryStatus.PENDING) & ready | abandoned) & not_recent)


def dispatch_due(now=None):
    """Enqueue every row that is due: deferred past quiet hours, waiting for a retry, enqueued
    while the broker was away, or left 'being sent' by a worker that died. Returns how many."""
    now = now or timezone.now()
    ids = list(due(now).order_by("pk").values_list("pk", flat=True)[:DISPATCH_LIMIT])
    for start in range(0, len(ids), 1000):
        Delivery.objects.filter(pk__in=ids[start : start + 1000]).update(enqueued_at=now)
    enqueue(ids)
    return len(ids)


# --- staff ------------------------------------------------------------------------------------


def retry(rows):
    """Staff's retry: failed or skipped rows go back to pending (the person's channel is switched on
    again) and are enqueued. Sent rows are left alone. Returns the ids enqueued."""
    rows = list(rows.exclude(status__in=[DeliveryStatus.SENT, DeliveryStatus.SENDING]))
    for row in rows:
        ChannelStatus.objects.filter(user_id=row.recipient_id, channel=row.channel).delete()
    ids = [row.pk for row in rows]
    Delivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, not_before=None, attempts=0, claim_token=None, enqueued_at=timezone.now()
    )
    transaction.on_commit(partial(enqueue, ids), robust=True)
    return ids


def forget_recipient(user):
    """For erasure: the log keeps that a message went, not to which address or what it said."""
    Delivery.objects.filter(recipient=user).update(address="", content={})
    ChannelStatus.objects.filter(user=user).delete()


def forget_old_deliveries(now=None):
    """Finished messages older than DELIVERY_LOG_RETENTION_DAYS keep only that they went, not to
    which address or what they said. The rows stay, so no message is ever sent a second time."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.DELIVERY_LOG_RETENTION_DAYS)
    finished = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)
    return (
        Delivery.objects.filter(created_at__lt=cutoff, status__in=finished)
        .exclude(address="", content={})
        .update(address="", content={})
    )

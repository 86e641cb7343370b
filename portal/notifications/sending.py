"""The ledger's sending side: the worker's deliver(ids) (claim each row, check it is still wanted,
send it, mark it), retries with backoff, the callers' send checks, and the hand-over to the worker.
portal/notifications/ledger.py records the rows and is the one interface callers use."""

import contextlib
import datetime
import logging
import time
import uuid
from functools import partial

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .channels import CHANNELS, PermanentError, TransientError, get_channel
from .marks import sent_marks
from .models import Channel, ChannelStatus, Delivery, DeliveryStatus
from .quiet_hours import local_time, quiet_until

logger = logging.getLogger(__name__)
BATCH_SIZE = 200

SEND_CHECKS = {}


def register_send_check(kinds, check):
    for kind in kinds:
        SEND_CHECKS[kind] = check


def _unwanted(rows):
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    unwanted = {}
    for kind, kind_rows in by_kind.items():
        if kind in SEND_CHECKS:
            unwanted.update(SEND_CHECKS[kind](kind_rows))
    return unwanted


def _setting(name, default):
    return getattr(settings, name, default)


def claim_timeout():
    """A row 'being sent' for longer than this belongs to a worker that died: another may take it."""
    return datetime.timedelta(seconds=_setting("NOTIFICATIONS_CLAIM_TIMEOUT", 300))


def requeue_after():
    return datetime.timedelta(seconds=_setting("NOTIFICATIONS_REQUEUE_AFTER", 300))


def max_attempts():
    return _setting("NOTIFICATIONS_MAX_ATTEMPTS", 8)


def backoff(attempts):
    base = _setting("NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
    return min(base * 2 ** max(attempts - 1, 0), 6 * 3600)


def inactive_addresses(users, channel):
    """(user id, address) pairs on `channel` that stopped working (a bounce, a LINE user who blocked us)."""
    return set(
        ChannelStatus.objects.filter(user__in=[user.pk for user in users], channel=channel, active=False).values_list(
            "user_id", "address"
        )
    )


def enqueue(ids, countdown=None):
    """Send `ids` to the worker in batches. A broker that is down loses nothing: the rows stay
    pending and dispatch_due() enqueues them again."""
    from .tasks import deliver as deliver_task

    for start in range(0, len(ids), BATCH_SIZE):
        batch = list(ids[start : start + BATCH_SIZE])
        try:
            deliver_task.apply_async(args=[batch], countdown=countdown, retry=False)
        except Exception:
            logger.warning("Could not enqueue deliveries %s; they will be picked up again", batch, exc_info=True)


# --- delivering -------------------------------------------------------------------------------


def _claimable(now):
    ready = Q(not_before__isnull=True) | Q(not_before__lte=now)
    return Q(status=DeliveryStatus.PENDING) & ready | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - claim_timeout()
    )


def _defer_quiet_hours(ids, now):
    for name, channel_class in CHANNELS.items():
        if not channel_class.quiet_hours:
            continue
        rows = Delivery.objects.filter(pk__in=ids, channel=name, status=DeliveryStatus.PENDING)
        exempt_on = local_time(now).date()
        morning = quiet_until(now)
        if morning is None:
            continue
        rows.exclude(quiet_exempt_on=exempt_on).filter(Q(not_before__isnull=True) | Q(not_before__lt=morning)).update(
            not_before=morning
        )


@contextlib.contextmanager
def _fast_commits():
    """Marking rows needs no fsync: a worker killed after a commit has still reached the server.
    Only a crash of PostgreSQL itself within a fraction of a second could forget a mark (and the
    message would be sent again). Set for this connection while deliver() runs, then reset."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _claim(ids, now):
    """Claim the rows of `ids` that are due and not taken by a live worker, in one UPDATE. Returns them."""
    token = uuid.uuid4()
    Delivery.objects.filter(pk__in=ids).filter(_claimable(now)).update(
        status=DeliveryStatus.SENDING, claimed_at=now, claim_token=token, attempts=F("attempts") + 1
    )
    return token, list(Delivery.objects.filter(claim_token=token).select_related("recipient").order_by("pk"))


def deliver(ids, now=None):
    """Deliver the ledger rows `ids`: they are claimed (a conditional UPDATE from pending, or from
    'being sent' by a worker that died), sent one by one, and each is marked as soon as it is sent.
    Rows already sent, claimed by a live worker, failed or skipped are left alone, so running this
    twice sends nothing twice."""
    now = now or timezone.now()
    with _fast_commits():
        return _deliver(ids, now)


def _deliver(ids, now):
    _defer_quiet_hours(ids, now)
    token, rows = _claim(ids, now)
    claimed_at = time.monotonic()
    counts = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    if not rows:
        return counts
    marks = sent_marks(token)
    try:
        _send_rows(rows, token, marks, claimed_at, now, counts)
    finally:
        marks.close()
    return counts


def _send_rows(rows, token, marks, claimed_at, now, counts):
    unwanted = _unwanted(rows)
    for row in rows:
        if row.pk in unwanted:
            _finish(row, marks, DeliveryStatus.SKIPPED, unwanted[row.pk], counts, "skipped")
    rows = [row for row in rows if row.pk not in unwanted]
    by_channel = {}
    for row in rows:
        by_channel.setdefault(row.channel, []).append(row)
    for name, channel_rows in by_channel.items():
        channel = get_channel(name)
        if not channel.is_enabled():
            for row in channel_rows:
                _finish(row, marks, DeliveryStatus.SKIPPED, "The channel is switched off.", counts, "skipped")
            continue
        users = list({row.recipient_id: row.recipient for row in channel_rows}.values())
        addresses = channel.addresses(users)
        inactive = inactive_addresses(users, name) if name != Channel.EMAIL else set()
        willing = {optional: None for optional in (True, False)}
        with channel.session():
            for row in channel_rows:
                if time.monotonic() - claimed_at > claim_timeout().total_seconds() / 2:
                    # A slow batch renews its claim, so that nobody takes it for a dead worker's.
                    Delivery.objects.filter(claim_token=token, status=DeliveryStatus.SENDING).update(
                        claimed_at=timezone.now()
                    )
                    claimed_at = time.monotonic()
                address = row.address or addresses.get(row.recipient_id)
                if willing[row.optional] is None:
                    willing[row.optional] = channel.willing(users, row.optional)
                if not address:
                    _finish(
                        row, marks, DeliveryStatus.SKIPPED, "No address on this channel any more.", counts, "skipped"
                    )
                    continue
                if not row.address and (row.recipient_id, address) in inactive:
                    _finish(
                        row,
                        marks,
                        DeliveryStatus.SKIPPED,
                        "This channel stopped working for this person.",
                        counts,
                        "skipped",
                    )
                    continue
                if not row.address and row.recipient_id not in willing[row.optional]:
                    _finish(
                        row, marks, DeliveryStatus.SKIPPED, "The person has turned this channel off.", counts, "skipped"
                    )
                    continue
                if not row.content and row.__dict__.get("content_composed_now"):
                    _finish(
                        row,
                        marks,
                        DeliveryStatus.SKIPPED,
                        "What this message was about no longer exists.",
                        counts,
                        "skipped",
                    )
                    continue
                try:
                    channel.send(row, address)
                except TransientError as error:
                    _retry_later(row, token, marks, error, now, counts)
                except PermanentError as error:
                    _finish(row, marks, DeliveryStatus.FAILED, str(error), counts, "failed", address=address)
                    if error.deactivate:
                        _deactivate(row.recipient_id, name, address, str(error))
                        inactive.add((row.recipient_id, address))
                except Exception as error:
                    logger.exception("Delivery %s failed unexpectedly", row.pk)
                    _retry_later(row, token, marks, TransientError(f"{type(error).__name__}: {error}"), now, counts)
                else:
                    _finish(
                        row, marks, DeliveryStatus.SENT, "", counts, "sent", address=address, sent_at=timezone.now()
                    )


def _finish(row, marks, status, error, counts, counter, address=None, sent_at=None):
    updates = {"status": status, "last_error": error[:2000], "claim_token": None}
    if row.__dict__.get("content_composed_now"):
        updates["content"] = row.content  # the log keeps what was sent
    if address is not None:
        updates["address"] = address
    if sent_at is not None:
        updates["sent_at"] = sent_at

    def counted(updated):
        if updated:
            counts[counter] += 1

    marks.write(row.pk, updates, counted)


def _retry_later(row, token, marks, error, now, counts):
    if row.attempts >= max_attempts():
        _finish(row, marks, DeliveryStatus.FAILED, f"Gave up after {row.attempts} attempts: {error}", counts, "failed")
        return
    delay = max(backoff(row.attempts), error.retry_after or 0)
    not_before = now + datetime.timedelta(seconds=delay)
    updated = Delivery.objects.filter(pk=row.pk, claim_token=token).update(
        status=DeliveryStatus.PENDING,
        not_before=not_before,
        claim_token=None,
        last_error=str(error)[:2000],
        enqueued_at=now,
    )
    if updated:
        counts["retry"] += 1
        if delay <= 900:
            transaction.on_commit(partial(enqueue, [row.pk], countdown=delay), robust=True)


def _deactivate(user_id, channel, address, reason):
    ChannelStatus.objects.update_or_create(
        user_id=user_id,
        channel=channel,
        defaults={"address": address, "active": False, "reason": reason[:2000], "changed_at": timezone.now()},
    )

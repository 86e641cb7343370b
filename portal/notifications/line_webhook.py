"""The LINE webhook (https://developers.line.biz/en/reference/messaging-api/#webhooks): LINE posts
the events of the Official Account here; the work is done in a Celery task.

    webhook(request)   the signature first, before anything is parsed (401 and nothing recorded
                       when it is wrong or missing); each event recorded once by its webhookEventId;
                       200 at once; the new rows enqueued on commit
    handle(ids)        the task: claim each row, answer it (line_events.py), reply, forget it
    dispatch_pending() beat, every minute: rows whose task was lost (broker down, worker killed)
"""

import datetime
import json
import logging
import uuid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import line_api, line_events
from .channels import LineChannel
from .models import LineEventStatus, LineWebhookEvent

logger = logging.getLogger(__name__)

# Events something is done with; the others (join, unsend, beacon...) are recorded as handled.
HANDLED_KINDS = {"follow", "unfollow", "postback", "message"}
MAX_ATTEMPTS = 5
REQUEUE_AFTER = datetime.timedelta(minutes=1)
GIVE_UP_AFTER = datetime.timedelta(days=1)


def _kept(event):
    """What handling needs, and no more: never the text, image or location someone sent."""
    source = event.get("source") if isinstance(event.get("source"), dict) else {}
    kept = {
        "type": event.get("type"),
        "timestamp": event.get("timestamp"),
        "replyToken": event.get("replyToken"),
        "source": {"type": source.get("type"), "userId": source.get("userId")},
    }
    if isinstance(event.get("postback"), dict):
        kept["postback"] = {"data": event["postback"].get("data")}
    if isinstance(event.get("message"), dict):
        kept["message"] = {"type": event["message"].get("type")}
    return kept


def record(events):
    """One row per new webhookEventId; a redelivered or concurrently delivered event finds its row
    there (the unique constraint decides) and is not enqueued again. Returns the new rows' ids."""
    receipt = uuid.uuid4()
    rows = []
    for event in events:
        if not isinstance(event, dict) or not isinstance(event.get("webhookEventId"), str):
            continue
        kind = str(event.get("type", ""))[:40]
        handled = kind in HANDLED_KINDS
        rows.append(
            LineWebhookEvent(
                webhook_event_id=event["webhookEventId"][:64],
                kind=kind,
                receipt=receipt,
                payload=_kept(event) if handled else {},
                status=LineEventStatus.PENDING if handled else LineEventStatus.DONE,
            )
        )
    with transaction.atomic():
        LineWebhookEvent.objects.bulk_create(rows, ignore_conflicts=True)
        new = list(
            LineWebhookEvent.objects.filter(receipt=receipt, status=LineEventStatus.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if new:
            transaction.on_commit(partial(enqueue, new), robust=True)
    return new


@csrf_exempt
@require_POST
def webhook(request):
    if not settings.LINE_CHANNEL_SECRET:
        raise Http404("The LINE webhook is not configured")
    body = request.body
    if not line_api.signature_is_valid(body, request.headers.get("X-Line-Signature", "")):
        return JsonResponse({"message": "The signature is missing or wrong."}, status=401)
    try:
        events = json.loads(body)["events"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"message": "The body is not a webhook's JSON."}, status=400)
    if not isinstance(events, list):
        return JsonResponse({"message": "The body is not a webhook's JSON."}, status=400)
    record(events)  # LINE's "Verify" button sends no events at all: 200 all the same
    return HttpResponse(status=200)


def enqueue(ids):
    from .tasks import handle_line_events

    try:
        handle_line_events.apply_async(args=[list(ids)], retry=False)
    except Exception:
        logger.warning("Could not enqueue LINE events %s; they will be picked up again", ids, exc_info=True)


def _claim(pk, now):
    stale = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT)
    claimable = Q(status=LineEventStatus.PENDING) | Q(status=LineEventStatus.HANDLING, claimed_at__lt=stale)
    return (
        LineWebhookEvent.objects.filter(pk=pk)
        .filter(claimable)
        .update(status=LineEventStatus.HANDLING, claimed_at=now, attempts=F("attempts") + 1)
    )


def handle(ids):
    """Handle the rows `ids`, each once: a row already handled or being handled is left alone."""
    handled = 0
    for row in LineWebhookEvent.objects.filter(pk__in=ids).order_by("received_at", "pk"):
        if not _claim(row.pk, timezone.now()):
            continue
        row.refresh_from_db()
        event = line_events.LineEvent.from_payload(row.payload)
        try:
            content = line_events.answer(event)
        except Exception as error:
            logger.exception("LINE event %s failed", row.webhook_event_id)
            failed = row.attempts >= MAX_ATTEMPTS
            LineWebhookEvent.objects.filter(pk=row.pk).update(
                status=LineEventStatus.FAILED if failed else LineEventStatus.PENDING,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                payload={} if failed else row.payload,
            )
            continue
        LineWebhookEvent.objects.filter(pk=row.pk).update(
            status=LineEventStatus.DONE, handled_at=timezone.now(), payload={}
        )
        if content:
            line_api.reply(event.reply_token, LineChannel().message_objects(content))
        handled += 1
    return handled


def dispatch_pending(now=None):
    """Enqueue the rows whose task never ran or whose worker died; give up on day-old ones."""
    now = now or timezone.now()
    LineWebhookEvent.objects.filter(status=LineEventStatus.PENDING, received_at__lt=now - GIVE_UP_AFTER).update(
        status=LineEventStatus.FAILED, payload={}, last_error="Not handled within a day."
    )
    stale = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT)
    due = LineWebhookEvent.objects.filter(
        Q(status=LineEventStatus.PENDING, received_at__lt=now - REQUEUE_AFTER)
        | Q(status=LineEventStatus.HANDLING, claimed_at__lt=stale)
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:1000])
    if ids:
        enqueue(ids)
    return len(ids)


def forget_old_events(now=None):
    """Handled events are kept (their id only) as long as the delivery log, then deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.DELIVERY_LOG_RETENTION_DAYS)
    return (
        LineWebhookEvent.objects.filter(received_at__lt=cutoff)
        .exclude(status__in=[LineEventStatus.PENDING, LineEventStatus.HANDLING])
        .delete()[0]
    )

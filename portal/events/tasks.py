"""Scheduled work for events. Reminders come from the database, not from timers: every minute beat
runs queue_due_reminders, which finds the confirmed sign-ups whose reminder moment has passed and
that have no ledger row for it yet, and hands them to the notifications ledger. Moving an event
moves its reminders (the moments are computed from its time now); a cancelled sign-up or event
gets none; a sign-up confirmed after a moment does not get that reminder; after a long outage only
the latest due reminder goes out, not a pile of stale ones.

A reminder whose moment falls between two runs of beat's sweep does not wait up to a minute for the
second: the first sends the worker one more run of the sweep, for that moment (a Celery task with
its ETA). That run finds the reminders due then, as the next minute's would; so a sign-up cancelled
or an event moved in between is seen as it is at the moment."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from portal.notifications import ledger

from . import notices, reminders
from .models import Event, EventStatus, Signup, SignupStatus

logger = logging.getLogger(__name__)
THANK_YOU_AFTER = datetime.timedelta(hours=1)
THANK_YOU_WITHIN = datetime.timedelta(days=3)


def occasion(code, moment):
    """A reminder's ledger occasion: its code and moment, so a moved event reminds again at the new time."""
    return f"{code}@{moment.astimezone(datetime.UTC):%Y%m%dT%H%MZ}"


# How often beat runs the sweep (CELERY_BEAT_SCHEDULE in config/settings/base.py).
SWEEP_EVERY = datetime.timedelta(minutes=1)


def _reminder_events(now):
    horizon = now + datetime.timedelta(days=reminders.MAX_DAYS_BEFORE + 1)
    events = Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=horizon)
    return events.exclude(reminder_schedule="")


def moments_before_next_sweep(now):
    """The reminder moments after `now` and before beat's next run of the sweep, earliest first."""
    found = set()
    for schedule, starts_at in _reminder_events(now).values_list("reminder_schedule", "starts_at"):
        moments = reminders.moments(schedule, starts_at)
        found.update(moment for _code, moment in moments if now < moment < now + SWEEP_EVERY)
    return sorted(found)


def due_reminders(now):
    """[(signup, occasion)] of the reminders due at `now` and not yet in the ledger."""
    found = []
    for event in _reminder_events(now):
        passed = [
            (code, moment)
            for code, moment in reminders.moments(event.reminder_schedule, event.starts_at)
            if moment <= now
        ]
        if not passed:
            continue
        code, moment = passed[-1]
        key = occasion(code, moment)
        signups = (
            Signup.objects.filter(event=event, status=SignupStatus.CONFIRMED, status_changed_at__lte=moment)
            .exclude(ledger.already("reminder", Signup, occasion=key))
            .select_related("user__profile", "event")
        )
        found += [(signup, key) for signup in signups]
    return found


CHUNK = 500


def queue_due_reminders(now=None):
    """Record every due reminder and thank-you note in the ledger, which enqueues them. In chunks:
    the first are being delivered while the rest are composed. Returns how many."""
    now = now or timezone.now()
    due = [(notices.reminder, (signup, key)) for signup, key in due_reminders(now)]
    due += [(notices.thank_you, (signup,)) for signup in due_thank_yous(now)]
    for start in range(0, len(due), CHUNK):
        ledger.notify_many([compose(*arguments) for compose, arguments in due[start : start + CHUNK]], now=now)
    return len(due)


def due_thank_yous(now):
    return (
        Signup.objects.filter(
            checked_in_at__isnull=False,
            certificate_code__isnull=False,
            event__ends_at__lte=now - THANK_YOU_AFTER,
            event__ends_at__gt=now - THANK_YOU_WITHIN,
        )
        .exclude(event__status=EventStatus.CANCELLED)
        .exclude(ledger.already("thank_you", Signup))
        .select_related("user__profile", "event")
    )


def sweep(now):
    """Beat's every-minute run: queue what is due, and send a run of its own for each reminder moment
    that comes before the next one."""
    queued = queue_due_reminders(now)
    for moment in moments_before_next_sweep(now):
        try:
            queue_due_reminders_task.apply_async(kwargs={"at": moment.isoformat()}, eta=moment, retry=False)
        except Exception:
            logger.warning("Could not send the reminder run for %s", moment, exc_info=True)
    return queued


@shared_task(name="portal.events.tasks.queue_due_reminders", ignore_result=True)
def queue_due_reminders_task(at=None):
    """Without `at`: beat's run. With `at`: the run sent for that moment, which is due by then even
    if this worker's clock is a little ahead."""
    if at is None:
        return sweep(timezone.now())
    return queue_due_reminders(max(timezone.now(), datetime.datetime.fromisoformat(at)))

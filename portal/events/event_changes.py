"""What the people registered for an event are told when its time or place changes. The admin's
event form saves the event (through services.edit_event); these signal handlers compare it with
what was saved before. Cancelling an event is not reported here: services.cancel_event changes
each sign-up, and each change carries its own message (portal/events/notices.py). Every save that
changes what a calendar shows of the event raises its calendar_sequence (portal/events/calendar.py)."""

import datetime
import hashlib

from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _

from portal.notifications import ledger

from .models import ACTIVE_STATUSES, Event, EventStatus, SignupStatus
from .notices import calendar_attachment, compose, event_day, language_of, when, where

CHANGED_FIELDS = ("starts_at", "ends_at", "place_name", "province_code", "district_code", "subdistrict_code")
CALENDAR_FIELDS = CHANGED_FIELDS + ("title", "title_en", "description", "description_en", "status")


@receiver(pre_save, sender=Event, dispatch_uid="events.messages.remember_event")
def _remember(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._before_save = None
        return
    instance._before_save = Event.objects.filter(pk=instance.pk).values(*CALENDAR_FIELDS, "calendar_sequence").first()
    if instance._before_save:
        # An instance read before another save (the admin form's) must not write an older sequence back.
        instance.calendar_sequence = instance._before_save["calendar_sequence"]


@receiver(post_save, sender=Event, dispatch_uid="events.messages.report_event_change")
def _report(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_before_save", None)
    instance._before_save = None
    if raw or created or not before:
        return
    if any(_shown(before[name]) != _shown(getattr(instance, name)) for name in CALENDAR_FIELDS):
        # An update() beside the save: a save with update_fields (a cancellation) would leave the field out.
        Event.objects.filter(pk=instance.pk).update(calendar_sequence=F("calendar_sequence") + 1)
        instance.calendar_sequence = Event.objects.values_list("calendar_sequence", flat=True).get(pk=instance.pk)
    if instance.status != EventStatus.PUBLISHED:
        return
    changed = [name for name in CHANGED_FIELDS if _shown(before[name]) != _shown(getattr(instance, name))]
    if changed:
        event_changed(instance, before, changed)


def _shown(value):
    """What people read of a value: times to the minute, as the form gives them back."""
    return value.replace(second=0, microsecond=0) if isinstance(value, datetime.datetime) else value


def event_changed(event, before, changed):
    occasion = hashlib.sha1("|".join(str(getattr(event, name)) for name in CHANGED_FIELDS).encode()).hexdigest()[:16]
    old = Event(**{name: before[name] for name in CHANGED_FIELDS})
    messages = []
    for signup in event.signups.filter(status__in=ACTIVE_STATUSES).select_related("user__profile"):
        language = language_of(signup.user)
        with translation.override(language):
            details = []
            if {"starts_at", "ends_at"} & set(changed):
                details.append([_("Time"), _("%(new)s (was %(old)s)") % {"new": when(event), "old": when(old)}])
            if set(changed) - {"starts_at", "ends_at"}:
                details.append([_("Place"), _("%(new)s (was %(old)s)") % {"new": where(event), "old": where(old)}])
            if "starts_at" not in changed and "ends_at" not in changed:
                details.append([_("When"), when(event)])
            content = compose(
                language,
                _("Changed: %(event)s") % {"event": event.display_title},
                [
                    _(
                        "The event you registered for has changed. The new details are below; your registration stays "
                        "as it was."
                    ),
                    _("If you can no longer come, please cancel your registration in My events."),
                ],
                event,
                details=details,
                attachments=[calendar_attachment(event, signup)] if signup.status == SignupStatus.CONFIRMED else [],
            )
        messages.append(
            ledger.Message(
                recipient=signup.user,
                subject=event,
                kind="event_changed",
                occasion=occasion,
                content=content,
                quiet_exempt_on=event_day(event),
            )
        )
    ledger.notify_many(messages)

"""What the portal tells volunteers about their sign-ups and events, in each person's language,
handed to the notifications ledger (portal/notifications/ledger.py), which knows no events.

- portal/events/services.py calls signup_status_changed() inside its transaction after every
  status change, so the ledger rows commit (or roll back) with the change and are enqueued on commit;
- the signal handlers at the bottom report an event's new time or place, and its cancellation;
- portal/events/tasks.py composes reminders and thank-you notes from the database;
- the admin's compose and "send reminders now" views call coordinator_message() and reminders_now().
"""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.notifications import ledger
from portal.thai.dates import format_date

from . import calendar, line_buttons
from .models import ACTIVE_STATUSES, Event, EventStatus, Signup, SignupStatus
from .permissions import can_coordinate

KINDS = {
    "signup_confirmed": gettext_lazy("Sign-up confirmed"),
    "signup_waitlisted": gettext_lazy("On the waitlist"),
    "signup_pending": gettext_lazy("Waiting for approval"),
    "signup_promoted": gettext_lazy("Promoted from the waitlist"),
    "signup_approved": gettext_lazy("Approved"),
    "signup_moved_to_waitlist": gettext_lazy("Moved to the waitlist"),
    "signup_rejected": gettext_lazy("Not accepted"),
    "signup_cancelled": gettext_lazy("Sign-up cancelled"),
    "reminder": gettext_lazy("Reminder"),
    "event_changed": gettext_lazy("Event changed"),
    "event_cancelled": gettext_lazy("Event cancelled"),
    "thank_you": gettext_lazy("Thank-you and certificate"),
    "guardian_notice": gettext_lazy("Notice to a guardian"),
    "coordinator_message": gettext_lazy("Message from a coordinator"),
}
ledger.register_kinds(KINDS)

CHANGED_FIELDS = ("starts_at", "ends_at", "place_name", "province_code", "district_code", "subdistrict_code")


class _SiteRequest:
    """Enough of a request for calendar.for_events() outside one: the site's public address."""

    def get_host(self):
        return urlsplit(settings.SITE_URL).netloc

    def build_absolute_uri(self, path):
        return settings.SITE_URL + path


def language_of(user):
    try:
        return user.profile.preferred_language or settings.LANGUAGE_CODE
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE


def _url(name, *args):
    return settings.SITE_URL + reverse(name, args=args)


def when(event):
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{format_date(start, 'long')} {start:%H:%M}–{format_date(end, 'time')}"
    return f"{format_date(start, 'datetime')} – {format_date(end, 'datetime')}"


def where(event):
    return ", ".join(part for part in (event.place_name, event.area_display) if part)


def _content(language, subject, paragraphs, event, button=None, details=None, attachments=()):
    return {
        "language": language,
        "subject": subject,
        "title": subject,
        "paragraphs": [str(paragraph) for paragraph in paragraphs if paragraph],
        "details": details if details is not None else [[_("When"), when(event)], [_("Where"), where(event)]],
        "button": button or {"label": _("Open the event"), "url": _url("events:detail", event.pk)},
        "attachments": list(attachments),
    }


def _ics(event, signup):
    return {
        "filename": "event.ics",
        "content": calendar.for_events(_SiteRequest(), [(event, signup)]).decode(),
        "mimetype": "text/calendar",
    }


def _event_day(event):
    return timezone.localtime(event.starts_at).date()


# --- sign-up status changes ---------------------------------------------------------------------


def _status_message(signup, change, event, by):
    """(kind, subject, paragraphs, with .ics) for a change of status, in the active language."""
    title = event.display_title
    status, note = change.to_status, change.note
    position = signup.waitlist_position
    if status == SignupStatus.CONFIRMED and note == "promoted from the waitlist":
        return "signup_promoted", _("A seat is yours: %(event)s") % {"event": title}, [
            _("A seat has freed up and you have moved up from the waitlist: your registration is confirmed."),
            _("If you can no longer come, please cancel on the event page so that the next person can have the seat."),
        ], True
    if note == "approved":
        if status == SignupStatus.CONFIRMED:
            return "signup_approved", _("Approved: %(event)s") % {"event": title}, [
                _("The coordinator has approved your registration; your seat is confirmed."),
                _("Show the QR code on the event page when you check in."),
            ], True
        return "signup_approved", _("Approved, on the waitlist: %(event)s") % {"event": title}, [
            _("The coordinator has approved your registration, but the event is full: you are number "
              "%(position)s on the waitlist. We will tell you if a seat frees up.") % {"position": position},
        ], False
    if status == SignupStatus.CONFIRMED:
        return "signup_confirmed", _("You are registered: %(event)s") % {"event": title}, [
            _("Your seat is confirmed. Show the QR code on the event page when you check in."),
            _("The attached calendar file puts the event in your phone's calendar."),
        ], True
    if status == SignupStatus.WAITLISTED and note == "moved to the waitlist":
        return "signup_moved_to_waitlist", _("Moved to the waitlist: %(event)s") % {"event": title}, [
            _("The coordinator has moved your registration to the waitlist. You are number %(position)s; "
              "we will tell you if a seat frees up.") % {"position": position},
        ], False
    if status == SignupStatus.WAITLISTED:
        return "signup_waitlisted", _("On the waitlist: %(event)s") % {"event": title}, [
            _("The event is full. You are number %(position)s on the waitlist; we will tell you at once if a "
              "seat frees up.") % {"position": position},
        ], False
    if status == SignupStatus.PENDING:
        return "signup_pending", _("Waiting for approval: %(event)s") % {"event": title}, [
            _("We have your registration. The coordinator approves each one for this event; we will tell "
              "you what they decide."),
        ], False
    if status == SignupStatus.REJECTED:
        return "signup_rejected", _("Not accepted: %(event)s") % {"event": title}, [
            _("We are sorry: the coordinator could not accept your registration for this event."),
            _("Other events are open on the portal."),
        ], False
    if status == SignupStatus.CANCELLED:
        if by is not None and by.pk == signup.user_id:
            paragraph = _("Your registration is cancelled, as you asked. You can register again while "
                          "registration is open.")
        else:
            paragraph = _("The coordinator has cancelled your registration. Please contact them if you think "
                          "this is a mistake.")
        return "signup_cancelled", _("Registration cancelled: %(event)s") % {"event": title}, [paragraph], False
    return None


def signup_status_changed(signup, change):
    """Called by services after each status change, inside its transaction."""
    event, user = signup.event, signup.user
    language = language_of(user)
    with translation.override(language):
        found = _status_message(signup, change, event, change.changed_by)
        if found is None:
            return
        kind, subject, paragraphs, with_ics = found
        attachments = [_ics(event, signup)] if with_ics else []
        content = _content(language, subject, paragraphs, event, attachments=attachments)
        content["actions"] = line_buttons.waitlist_actions(signup) if signup.status == SignupStatus.WAITLISTED else []
    messages = [ledger.Message(recipient=user, subject=change, kind=kind, content=content,
                               quiet_exempt_on=_event_day(event))]
    if change.from_status not in ACTIVE_STATUSES and change.to_status in ACTIVE_STATUSES:
        messages += _guardian_notice(signup, change)
    ledger.notify_many(messages)


def _guardian_notice(signup, change):
    from portal.accounts.models import Profile

    profile = Profile.objects.filter(user=signup.user).first()
    if profile is None or not profile.is_minor:
        return []
    consent = profile.guardian_consent
    if consent is None or not consent.guardian_email:
        return []
    event = signup.event
    language = profile.preferred_language
    with translation.override(language):
        name = profile.full_name or signup.user.get_username()
        # No name typed by a person in the subject: the guardian's address came from the minor.
        content = _content(language, _("A young volunteer in your care has registered for %(event)s") % {
            "event": event.display_title}, [
            _("You gave consent, as guardian, for %(name)s to take part in the portal's activities. They have "
              "registered for this event (%(status)s).") % {"name": name, "status": signup.get_status_display()},
            _("If you have a question, please contact the coordinator of the event."),
        ], event)
    return [ledger.Message(recipient=signup.user, subject=change, kind="guardian_notice", content=content,
                           address=consent.guardian_email)]


# --- reminders, thank-you notes ----------------------------------------------------------------


def reminder(signup, occasion, optional=True):
    event, user = signup.event, signup.user
    language = language_of(user)
    with translation.override(language):
        start = timezone.localtime(event.starts_at)
        subject = _("Reminder: %(event)s, %(date)s") % {"event": event.display_title, "date": format_date(start, "short")}
        content = _content(language, subject, [
            _("%(event)s starts on %(when)s.") % {"event": event.display_title, "when": format_date(start, "datetime")},
            _("Your seat is confirmed. Show the QR code on the event page when you check in."),
            _("If you cannot come, please cancel on the event page so that someone on the waitlist can have the seat."),
        ], event)
        content["actions"] = line_buttons.reminder_actions(signup)
    return ledger.Message(recipient=user, subject=signup, kind="reminder", occasion=occasion, content=content,
                          optional=optional, quiet_exempt_on=_event_day(event))


def thank_you(signup):
    event, user = signup.event, signup.user
    language = language_of(user)
    with translation.override(language):
        content = _content(language, _("Thank you for taking part: %(event)s") % {"event": event.display_title}, [
            _("Thank you for giving your time as a volunteer. Your hours have been recorded (%(hours)s hours).")
            % {"hours": signup.hours_credited},
            _("Your certificate is ready: download it with the button below."),
        ], event, button={"label": _("Download the certificate"), "url": _url("events:certificate", signup.pk)})
    return ledger.Message(recipient=user, subject=signup, kind="thank_you", content=content, optional=True)


# --- the coordinator's messages ----------------------------------------------------------------


def audience(user, signup_ids=(), event_id=None):
    """The active sign-ups a coordinator chose (or all of an event's); PermissionDenied unless the
    user coordinates every event involved."""
    signups = Signup.objects.select_related("event__programme", "user")
    if event_id is not None:
        event = Event.objects.select_related("programme").filter(pk=event_id).first()
        if event is None or not can_coordinate(user, event):
            raise PermissionDenied
        return list(signups.filter(event=event, status__in=ACTIVE_STATUSES).order_by("pk"))
    chosen = list(signups.filter(pk__in=signup_ids).order_by("pk"))
    if not chosen:
        return []
    for event in {signup.event for signup in chosen}:
        if not can_coordinate(user, event):
            raise PermissionDenied
    return chosen


def coordinator_message(signups, subject, body, channels, token, by=None):
    """The same words to each chosen person, through the ledger: `token` (one per form) makes a
    form sent twice deliver once."""
    messages = []
    for signup in signups:
        language = language_of(signup.user)
        with translation.override(language):
            content = _content(language, subject, [part.strip() for part in body.split("\n\n")], signup.event)
        messages.append(ledger.Message(recipient=signup.user, subject=signup, kind="coordinator_message",
                                       occasion=str(token), content=content, channels=tuple(channels),
                                       quiet_exempt_on=_event_day(signup.event)))
    return ledger.notify_many(messages)


def reminders_now(event, token):
    """A coordinator's "send reminders now": a reminder to everyone confirmed, at once."""
    signups = event.signups.filter(status=SignupStatus.CONFIRMED).select_related("user__profile", "event")
    return ledger.notify_many([reminder(signup, f"now:{token}", optional=False) for signup in signups])


# --- changes to an event -----------------------------------------------------------------------


@receiver(pre_save, sender=Event, dispatch_uid="events.messages.remember_event")
def _remember(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._before_save = None
        return
    instance._before_save = Event.objects.filter(pk=instance.pk).values(*CHANGED_FIELDS, "status").first()


@receiver(post_save, sender=Event, dispatch_uid="events.messages.report_event_change")
def _report(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_before_save", None)
    instance._before_save = None
    if raw or created or not before:
        return
    if instance.status == EventStatus.CANCELLED and before["status"] != EventStatus.CANCELLED:
        event_cancelled(instance)
    elif instance.status == EventStatus.PUBLISHED:
        changed = [name for name in CHANGED_FIELDS if before[name] != getattr(instance, name)]
        if changed:
            event_changed(instance, before, changed)


def _recipients(event):
    return event.signups.filter(status__in=ACTIVE_STATUSES).select_related("user__profile")


def event_changed(event, before, changed):
    occasion = hashlib.sha1(
        "|".join(str(getattr(event, name)) for name in CHANGED_FIELDS).encode()
    ).hexdigest()[:16]
    old = Event(**{name: before[name] for name in CHANGED_FIELDS})
    messages = []
    for signup in _recipients(event):
        language = language_of(signup.user)
        with translation.override(language):
            details = []
            if {"starts_at", "ends_at"} & set(changed):
                details.append([_("Time"), _("%(new)s (was %(old)s)") % {"new": when(event), "old": when(old)}])
            if set(changed) - {"starts_at", "ends_at"}:
                details.append([_("Place"), _("%(new)s (was %(old)s)") % {"new": where(event), "old": where(old)}])
            if "starts_at" not in changed and "ends_at" not in changed:
                details.append([_("When"), when(event)])
            content = _content(language, _("Changed: %(event)s") % {"event": event.display_title}, [
                _("The event you registered for has changed. The new details are below; your registration stays "
                  "as it was."),
                _("If you can no longer come, please cancel on the event page."),
            ], event, details=details, attachments=[_ics(event, signup)] if signup.status == SignupStatus.CONFIRMED else [])
        messages.append(ledger.Message(recipient=signup.user, subject=event, kind="event_changed", occasion=occasion,
                                       content=content, quiet_exempt_on=_event_day(event)))
    ledger.notify_many(messages)


def event_cancelled(event):
    messages = []
    for signup in _recipients(event):
        language = language_of(signup.user)
        with translation.override(language):
            content = _content(language, _("Cancelled: %(event)s") % {"event": event.display_title}, [
                _("We are sorry: this event has been cancelled, and your registration with it. Nothing else is "
                  "needed from you."),
                _("Other events are open on the portal."),
            ], event, button={"label": _("See other events"), "url": _url("events:list")})
        messages.append(ledger.Message(recipient=signup.user, subject=event, kind="event_cancelled", content=content,
                                       quiet_exempt_on=_event_day(event)))
    ledger.notify_many(messages)


"""The texts of the sign-up notices: what the portal tells volunteers about their sign-ups and events, in each person's language,
handed to the notifications ledger (portal/notifications/ledger.py), which knows no events.

- portal/events/services.py calls status_changed() inside its transaction after every status
  change (its typed reason chooses the message), so the ledger rows commit (or roll back) with the
  change and are enqueued on commit; an event's cancellation is such a change of each sign-up;
- portal/events/event_changes.py reports an event's new time or place;
- portal/events/tasks.py composes reminders and thank-you notes from the database;
- the admin's compose view calls coordinator_message(); reminders_now.py sends reminders by hand;
- portal/events/wanted.py tells the ledger, just before sending, whether a message is still wanted.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.notifications import ledger, line_messages

from . import calendar, line_buttons
from .models import ACTIVE_STATUSES, ChangeReason, SignupChange, SignupStatus

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
# The kinds that tell a person of a change of their sign-up's status; each is about that change.
STATUS_KINDS = (
    "signup_confirmed",
    "signup_waitlisted",
    "signup_pending",
    "signup_promoted",
    "signup_approved",
    "signup_moved_to_waitlist",
    "signup_rejected",
    "signup_cancelled",
    "event_cancelled",
)


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
    return event.span_display


def where(event):
    return ", ".join(part for part in (event.place_name, event.area_display) if part)


def compose(language, subject, paragraphs, event, button=None, details=None, attachments=()):
    return {
        "language": language,
        "subject": subject,
        "title": subject,
        "paragraphs": [str(paragraph) for paragraph in paragraphs if paragraph],
        "details": details if details is not None else [[_("When"), when(event)], [_("Where"), where(event)]],
        "button": button or {"label": _("Open the event"), "url": _url("events:detail", event.pk)},
        "attachments": list(attachments),
        # Said by the e-mail alone, which carries the file: LINE has no attachment.
        "attachment_note": _attachment_note(attachments),
    }


def _attachment_note(attachments):
    methods = {attachment.get("method") for attachment in attachments}
    if calendar.CANCEL in methods:
        return _("The attached calendar file takes the event out of your phone's calendar.")
    if calendar.REQUEST in methods:
        return _("The attached calendar file puts the event in your phone's calendar, and keeps it up to date.")
    return ""


def calendar_attachment(event, signup, method=calendar.REQUEST):
    """The event as an invitation to the person's calendar (REQUEST), or its withdrawal (CANCEL);
    the e-mail names the method on the part too, as calendar programs look for it there."""
    return {
        "filename": "cancel.ics" if method == calendar.CANCEL else "event.ics",
        "content": calendar.for_events(_SiteRequest(), [(event, signup)], method=method).decode(),
        "mimetype": "text/calendar",
        "method": method,
    }


def event_day(event):
    return timezone.localtime(event.starts_at).date()


# --- sign-up status changes ---------------------------------------------------------------------

# A person who registers and cancels the same event over and over is not sent a stream of messages:
# the first two of their own changes in a day (registering, then cancelling) are told at once, each
# further one is held back twice as long as the one before (5 minutes, 10, 20 ... at most 6 hours),
# and when a message is due only the
# sign-up's latest change is still wanted (portal/events/wanted.py): a burst ends in one message,
# the way it ended. Messages about what others did (a coordinator, a freed seat) are never held.
OWN_REASONS = (ChangeReason.SIGNED_UP, ChangeReason.CANCELLED_BY_PERSON)
FLAPPING_WINDOW = datetime.timedelta(hours=24)
FIRST_HOLD = datetime.timedelta(minutes=5)
LONGEST_HOLD = datetime.timedelta(hours=6)


def held_until(change):
    """When the message of `change` may go, or None for at once (see above)."""
    if change.reason not in OWN_REASONS or not change.from_status:
        return None  # nobody else's doing, or a sign-up just made: it has no earlier changes
    earlier = (
        SignupChange.objects.filter(
            signup_id=change.signup_id, reason__in=OWN_REASONS, changed_at__gte=change.changed_at - FLAPPING_WINDOW
        )
        .exclude(pk=change.pk)
        .count()
    )
    if earlier < 2:
        return None
    return change.changed_at + min(FIRST_HOLD * 2 ** (earlier - 2), LONGEST_HOLD)


def status_kind(change):
    """The kind of message `change` calls for, from its reason and new status alone, as
    status_change_texts._status_message chooses it; None when it calls for none."""
    reason, status = change.reason, change.to_status
    if reason == ChangeReason.SIGNED_UP:
        return {SignupStatus.CONFIRMED: "signup_confirmed", SignupStatus.WAITLISTED: "signup_waitlisted"}.get(
            status, "signup_pending"
        )
    return {
        ChangeReason.PROMOTED: "signup_promoted",
        ChangeReason.APPROVED: "signup_approved",
        ChangeReason.MOVED_TO_WAITLIST: "signup_moved_to_waitlist",
        ChangeReason.REJECTED: "signup_rejected",
        ChangeReason.CANCELLED_BY_PERSON: "signup_cancelled",
        ChangeReason.CANCELLED_BY_COORDINATOR: "signup_cancelled",
        ChangeReason.EVENT_CANCELLED: "event_cancelled",
    }.get(reason)


# A change's messages are recorded under the event's lock with what they are about (the change, the
# person, a guardian's address) and composed by the worker when it sends them: the words, the .ics,
# the LINE buttons (sent_content.py).
STATUS_CONTENT, GUARDIAN_CONTENT = "events.status_change", "events.guardian_notice"


def _messages_of(change, positions):
    kind = status_kind(change)
    if kind is None:
        return []
    signup = change.signup
    hold = held_until(change)
    about = ledger.compose_when_sent(STATUS_CONTENT)
    if change.to_status == SignupStatus.WAITLISTED:  # the place in the queue the change gave, as it was then
        about["position"] = positions.get(signup.pk) or signup.waitlist_position
    messages = [
        ledger.Message(
            recipient=signup.user,
            subject=change,
            kind=kind,
            content=about,
            quiet_exempt_on=event_day(signup.event),
            not_before=hold,
        )
    ]
    if change.from_status not in ACTIVE_STATUSES and change.to_status in ACTIVE_STATUSES:
        messages += _guardian_notice(signup, change, hold)
    return messages


def status_changed(changes, waiting_before=None):
    """Called by services after status changes, inside their transaction: the message each change's
    reason calls for, recorded in the ledger together (the changes are new: one INSERT).
    `waiting_before`: how many were waiting when the caller counted; the newly waitlisted join the end."""
    positions = {}
    if waiting_before is not None:
        waitlisted = [change.signup for change in changes if change.to_status == SignupStatus.WAITLISTED]
        positions = {signup.pk: waiting_before + number for number, signup in enumerate(waitlisted, start=1)}
    ledger.notify_many(
        [message for change in changes for message in _messages_of(change, positions)], new_subjects=True
    )


def _guardian_notice(signup, change, hold):
    try:
        profile = signup.user.profile  # read before the lock by services.sign_up
    except ObjectDoesNotExist:
        return []
    if not profile.is_minor:
        return []
    consent = profile.guardian_consent
    if consent is None or not consent.guardian_email:
        return []
    return [
        ledger.Message(
            recipient=signup.user,
            subject=change,
            kind="guardian_notice",
            content=ledger.compose_when_sent(GUARDIAN_CONTENT),
            address=consent.guardian_email,
            not_before=hold,
        )
    ]


# --- reminders, thank-you notes ----------------------------------------------------------------


def reminder(signup, occasion, optional=True):
    event, user = signup.event, signup.user
    language = language_of(user)
    with translation.override(language):
        subject = _("Reminder: %(event)s, %(date)s") % {"event": event.display_title, "date": event.short_days_display}
        content = compose(
            language,
            subject,
            [
                _("%(event)s: %(when)s.") % {"event": event.display_title, "when": event.span_display},
                _("Your seat is confirmed. Show your QR code from My events at check-in."),
                _(
                    "If you cannot come, please cancel your registration in My events so that someone on the waitlist "
                    "can have the seat."
                ),
            ],
            event,
        )
        content["actions"] = line_buttons.reminder_actions(signup)
    return ledger.Message(
        recipient=user,
        subject=signup,
        kind="reminder",
        occasion=occasion,
        content=content,
        optional=optional,
        quiet_exempt_on=event_day(event),
    )


def thank_you(signup):
    event, user = signup.event, signup.user
    language = language_of(user)
    with translation.override(language):
        content = compose(
            language,
            _("Thank you for taking part: %(event)s") % {"event": event.display_title},
            [
                _("Thank you for giving your time as a volunteer. Your hours have been recorded (%(hours)s hours).")
                % {"hours": signup.hours_credited},
                _("Your certificate is ready: open it with the button below. It stays in My events too."),
            ],
            event,
            button={"label": _("Certificate (PDF)"), "url": _url("events:certificate", signup.pk)},
        )
    return ledger.Message(recipient=user, subject=signup, kind="thank_you", content=content, optional=True)


# --- the coordinator's messages ----------------------------------------------------------------


def _coordinator_content(signup, subject, body):
    language = language_of(signup.user)
    with translation.override(language):
        return compose(language, subject, [part.strip() for part in body.split("\n\n")], signup.event)


def coordinator_message(signups, subject, body, channels, token, by=None):
    """The same words to each chosen person, through the ledger: `token` (one per form) makes a
    form sent twice deliver once."""
    messages = [
        ledger.Message(
            recipient=signup.user,
            subject=signup,
            kind="coordinator_message",
            occasion=str(token),
            content=_coordinator_content(signup, subject, body),
            channels=tuple(channels),
            quiet_exempt_on=event_day(signup.event),
        )
        for signup in signups
    ]
    return ledger.notify_many(messages)


def line_preview(signups, subject, body):
    """How the coordinator's message arrives on LINE, for the first chosen person: each chat
    message's text and button labels (line_messages.preview), before anything is sent."""
    if not signups:
        return []
    content = _coordinator_content(signups[0], subject, body)
    return line_messages.preview(line_messages.message_objects(content, whole_text_url=settings.SITE_URL + "/…"))

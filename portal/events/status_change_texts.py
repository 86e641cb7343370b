"""The words of each sign-up status change, chosen by its reason: sent_content.py composes them when the
worker sends the message that notices.py recorded (notices.status_kind names the same kinds)."""

from django.utils.translation import gettext as _

from . import calendar
from .models import ChangeReason, SignupStatus
from .notices import _url


def _status_message(signup, change, position=None):
    """(kind, subject, paragraphs, calendar method or None, button) for a change, chosen by its reason alone (the
    note never decides), in the active language; None when the reason calls for no message: an
    erased person is told nothing, and attendance is not a change of status."""
    event = signup.event
    title = event.display_title
    reason, status = change.reason, change.to_status
    position = position or signup.waitlist_position
    # Only a confirmed seat was sent to the person's calendar: only then is there an entry to take out.
    withdrawn = calendar.CANCEL if change.from_status == SignupStatus.CONFIRMED else None
    if reason == ChangeReason.PROMOTED:
        return (
            "signup_promoted",
            _("A seat is yours: %(event)s") % {"event": title},
            [
                _("A seat has freed up and you have moved up from the waitlist: your registration is confirmed."),
                _(
                    "Show your QR code from My events at check-in. If you can no longer come, please cancel your "
                    "registration in My events so that the next person can have the seat."
                ),
            ],
            calendar.REQUEST,
            None,
        )
    if reason == ChangeReason.APPROVED and status == SignupStatus.CONFIRMED:
        return (
            "signup_approved",
            _("Approved: %(event)s") % {"event": title},
            [
                _("The coordinator has approved your registration; your seat is confirmed."),
                _("Show your QR code from My events at check-in."),
            ],
            calendar.REQUEST,
            None,
        )
    if reason == ChangeReason.APPROVED:
        return (
            "signup_approved",
            _("Approved, on the waitlist: %(event)s") % {"event": title},
            [
                _(
                    "The coordinator has approved your registration, but the event is full: you are number "
                    "%(position)s on the waitlist. We will tell you if a seat frees up."
                )
                % {"position": position}
            ],
            None,
            None,
        )
    if reason == ChangeReason.SIGNED_UP and status == SignupStatus.CONFIRMED:
        return (
            "signup_confirmed",
            _("You are registered: %(event)s") % {"event": title},
            [_("Your seat is confirmed. Show your QR code from My events at check-in.")],
            calendar.REQUEST,
            None,
        )
    if reason == ChangeReason.SIGNED_UP and status == SignupStatus.WAITLISTED:
        return (
            "signup_waitlisted",
            _("On the waitlist: %(event)s") % {"event": title},
            [
                _(
                    "The event is full. You are number %(position)s on the waitlist; we will tell you at once if a "
                    "seat frees up."
                )
                % {"position": position}
            ],
            None,
            None,
        )
    if reason == ChangeReason.SIGNED_UP:
        return (
            "signup_pending",
            _("Waiting for approval: %(event)s") % {"event": title},
            [
                _(
                    "We have your registration. The coordinator approves each one for this event; we will tell "
                    "you what they decide."
                )
            ],
            None,
            None,
        )
    if reason == ChangeReason.MOVED_TO_WAITLIST:
        return (
            "signup_moved_to_waitlist",
            _("Moved to the waitlist: %(event)s") % {"event": title},
            [
                _(
                    "The coordinator has moved your registration to the waitlist. You are number %(position)s; "
                    "we will tell you if a seat frees up."
                )
                % {"position": position}
            ],
            None,
            None,
        )
    if reason == ChangeReason.REJECTED:
        return (
            "signup_rejected",
            _("Not accepted: %(event)s") % {"event": title},
            [
                _("We are sorry: the coordinator could not accept your registration for this event."),
                _("Other events are open on the portal."),
            ],
            None,
            None,
        )
    if reason in (ChangeReason.CANCELLED_BY_PERSON, ChangeReason.CANCELLED_BY_COORDINATOR):
        if reason == ChangeReason.CANCELLED_BY_PERSON:
            paragraph = _(
                "Your registration is cancelled, as you asked. You can register again while registration is open."
            )
        else:
            paragraph = _(
                "The coordinator has cancelled your registration. Please contact them if you think this is a mistake."
            )
        return (
            "signup_cancelled",
            _("Registration cancelled: %(event)s") % {"event": title},
            [paragraph],
            withdrawn,
            None,
        )
    if reason == ChangeReason.EVENT_CANCELLED:
        return (
            "event_cancelled",
            _("Cancelled: %(event)s") % {"event": title},
            [
                _(
                    "We are sorry: this event has been cancelled, and your registration with it. Nothing else is "
                    "needed from you."
                ),
                _("Other events are open on the portal."),
            ],
            withdrawn,
            {"label": _("See other events"), "url": _url("events:list")},
        )
    return None

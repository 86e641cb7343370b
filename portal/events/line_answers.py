"""What a volunteer's tap on a LINE message's button does (line_buttons.py makes the buttons), and
what the LINE account says to anything else. portal.notifications.line_events hands over the
webhook's events; every change goes through services; every answer is a reply in the person's
language. A button that is not the tapper's own, that was altered, that is for an event already
over or cancelled, or a second tap that came too late, gets a clear reply and changes nothing."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.notifications import line_events
from portal.notifications.line_api import liff_url

from . import line_buttons, services
from .line_buttons import ATTEND, CANCEL, CANCEL_CONFIRMED, KEEP, LEAVE, LEAVE_CONFIRMED, STAY, WAIT
from .models import EventStatus, Signup, SignupStatus
from .notices import language_of, when


def _reply(title, paragraphs, button=None, actions=()):
    return {
        "language": translation.get_language(),
        "subject": title,
        "title": title,
        "paragraphs": [str(paragraph) for paragraph in paragraphs],
        "button": button,
        "actions": list(actions),
    }


def _my_events():
    return {"label": _("My events"), "url": liff_url(settings.SITE_URL + reverse("events:mine"))}


def _names(signup):
    return {
        "event": signup.event.display_title,
        "when": when(signup.event),
        "status": signup.get_status_display(),
        "position": signup.waitlist_position,
    }


def answer(event):
    """A tap on one of our sign-up buttons (postback data "signup:...")."""
    person = event.person
    with translation.override(language_of(person) if person else settings.LANGUAGE_CODE):
        try:
            signup_id, action, person_id = line_buttons.read(event.data)
        except signing.SignatureExpired:
            return _reply(
                _("This question has expired"),
                [_("Nothing has changed. If you still want to, tap the button on the message again.")],
            )
        except signing.BadSignature:
            return _reply(_("We could not read this button"), [_("Nothing has changed.")])
        if person is None or person.pk != person_id:
            return _reply(
                _("This button is not yours"),
                [
                    _(
                        "It belongs to a message sent to someone else, so nothing has changed. Your own registrations "
                        "are on My events on the portal."
                    )
                ],
            )
        signup = Signup.objects.select_related("event", "user").filter(pk=signup_id, user=person).first()
        if signup is None:
            return _reply(_("This registration no longer exists"), [_("Nothing has changed.")], _my_events())
        if signup.event.status == EventStatus.CANCELLED:
            return _reply(
                _("This event has been cancelled"),
                [_("Your registration ended with it; nothing else is needed from you.")],
            )
        if timezone.now() >= signup.event.ends_at:
            return _reply(_("This event is over"), [_("Nothing has changed.")])
        return ANSWERS[action](signup, person)


def _attend(signup, person):
    try:
        signup, already = services.confirm_attendance(signup, by=person)
    except services.SignupRefused as refused:
        return _reply(_("Nothing has changed"), [refused.reason], _my_events())
    said = (
        _("You had already told us that you will come to %(event)s.")
        if already
        else _("Thank you: we have noted that you will come to %(event)s.")
    )
    return _reply(
        _("See you there"),
        [said % _names(signup), _("It is on %(when)s. Show your QR code from My events at check-in.") % _names(signup)],
        _my_events(),
    )


def _not_active(signup):
    return _reply(
        _("Your registration is not active"),
        [_("Your registration for %(event)s is: %(status)s. Nothing has changed.") % _names(signup)],
        _my_events(),
    )


def _ask_to_cancel(signup, person):
    if not signup.is_active:
        return _not_active(signup)
    return _reply(
        _("Cancel your registration?"),
        [
            _(
                "Do you want to cancel your registration for %(event)s (%(when)s)? If you have a seat, it goes to the "
                "first person on the waitlist."
            )
            % _names(signup)
        ],
        actions=[
            line_buttons.button(signup, CANCEL_CONFIRMED, _("Yes, cancel"), "primary"),
            line_buttons.button(signup, KEEP, _("No, keep my seat")),
        ],
    )


def _cancel(signup, person, title, done):
    try:
        services.cancel(signup, by=person)
    except services.SignupRefused as refused:
        return _reply(_("Nothing has changed"), [refused.reason], _my_events())
    return _reply(title, [done % _names(signup)])


def _cancel_confirmed(signup, person):
    if not signup.is_active:
        return _not_active(signup)
    return _cancel(
        signup,
        person,
        _("Registration cancelled"),
        _(
            "Your registration for %(event)s is cancelled. Thank you for telling us: if you had a seat, it goes to "
            "the first person on the waitlist."
        ),
    )


def _keep(signup, person):
    if not signup.is_active:
        return _not_active(signup)
    return _reply(_("Your registration stays"), [_("Good: you are still registered for %(event)s.") % _names(signup)])


def _seat_now(signup):
    return _reply(
        _("You have a seat"),
        [
            _(
                "A seat is yours: your registration for %(event)s is confirmed. If you cannot come, you can cancel on "
                "My events."
            )
            % _names(signup)
        ],
        _my_events(),
    )


def _still_waiting(signup, person):
    if signup.status == SignupStatus.CONFIRMED:
        return _seat_now(signup)
    if signup.status != SignupStatus.WAITLISTED:
        return _not_active(signup)
    return _reply(
        _("You are still on the waitlist"),
        [
            _("You are number %(position)s on the waitlist for %(event)s. We will tell you at once if a seat frees up.")
            % _names(signup)
        ],
    )


def _ask_to_leave(signup, person):
    if signup.status != SignupStatus.WAITLISTED:
        return _still_waiting(signup, person)
    return _reply(
        _("Leave the waitlist?"),
        [
            _("Do you want to leave the waitlist for %(event)s? You will not get a seat if one frees up.")
            % _names(signup)
        ],
        actions=[
            line_buttons.button(signup, LEAVE_CONFIRMED, _("Yes, stop waiting"), "primary"),
            line_buttons.button(signup, STAY, _("No, keep waiting")),
        ],
    )


def _leave_confirmed(signup, person):
    if signup.status != SignupStatus.WAITLISTED:
        return _still_waiting(signup, person)
    return _cancel(
        signup,
        person,
        _("You have left the waitlist"),
        _("You are no longer waiting for %(event)s. Other events are open on the portal."),
    )


ANSWERS = {
    ATTEND: _attend,
    CANCEL: _ask_to_cancel,
    CANCEL_CONFIRMED: _cancel_confirmed,
    KEEP: _keep,
    WAIT: _still_waiting,
    LEAVE: _ask_to_leave,
    LEAVE_CONFIRMED: _leave_confirmed,
    STAY: _still_waiting,
}


def help_answer(event):
    """A message typed to the account (or a button nobody knows): what the account can do."""
    person = event.person
    with translation.override(language_of(person) if person else settings.LANGUAGE_CODE):
        paragraphs = [_("We could not read this button, so nothing has changed.")] if event.kind == "postback" else []
        paragraphs += [
            _("This LINE account sends you your registrations and reminders; answer a reminder with its buttons."),
            _(
                "The menu below opens the news, the events, My events and your QR code for check-in. Messages typed "
                "here are not read: for a question, please contact the coordinator of your event."
            ),
        ]
        if person is None:
            paragraphs.append(_("To get your reminders here, link this LINE account to your account on the portal."))
        url = settings.SITE_URL + reverse("events:list")
        return _reply(
            settings.WAGTAIL_SITE_NAME,
            paragraphs,
            {"label": pgettext("LINE button", "Upcoming events"), "url": liff_url(url) if person else url},
        )


line_events.register_postback(line_buttons.PREFIX, answer)
line_events.register_help(help_answer)

"""The words of a sign-up's messages, composed by the worker when it sends them: notices.py records
what each is about (the change, a waitlist place) under the event's lock; the ledger calls these
with the row (portal/notifications/composing.py). {} when the change is gone: nothing is sent."""

from django.utils import translation
from django.utils.translation import gettext as _

from portal.notifications import ledger

from . import line_buttons, notices, status_change_texts
from .models import SignupChange, SignupStatus


def _change_of(row):
    return (
        SignupChange.objects.select_related("signup__event", "signup__user__profile").filter(pk=row.subject_id).first()
    )


def status_content(row, about):
    change = _change_of(row)
    if change is None:
        return {}
    signup = change.signup
    event, language = signup.event, notices.language_of(signup.user)
    with translation.override(language):
        found = status_change_texts._status_message(signup, change, position=about.get("position"))
        if found is None:
            return {}
        _kind, subject, paragraphs, method, button = found
        attachments = [notices.calendar_attachment(event, signup, method)] if method else []
        content = notices.compose(language, subject, paragraphs, event, button=button, attachments=attachments)
        content["actions"] = (
            line_buttons.waitlist_actions(signup) if change.to_status == SignupStatus.WAITLISTED else []
        )
    return content


def guardian_content(row, _about):
    change = _change_of(row)
    if change is None:
        return {}
    signup = change.signup
    event, profile = signup.event, signup.user.profile
    language = profile.preferred_language
    with translation.override(language):
        name = profile.full_name or signup.user.get_username()
        # No name typed by a person in the subject: the guardian's address came from the minor.
        return notices.compose(
            language,
            _("A young volunteer in your care has registered for %(event)s") % {"event": event.display_title},
            [
                _(
                    "You gave consent, as guardian, for %(name)s to take part in the portal's activities. They have "
                    "registered for this event (%(status)s)."
                )
                % {"name": name, "status": SignupStatus(change.to_status).label},
                _("If you have a question, please contact the coordinator of the event."),
            ],
            event,
        )


def register():
    ledger.register_composer(notices.STATUS_CONTENT, status_content)
    ledger.register_composer(notices.GUARDIAN_CONTENT, guardian_content)

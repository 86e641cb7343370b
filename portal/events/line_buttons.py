"""The answer buttons of our LINE messages: a reminder's "I'll be there" / "Cancel", a waitlist
message's "Still waiting" / "Stop waiting", and the second tap that cancelling asks for. What a
tap does is line_answers.py.

A button's postback data is "signup:" and a signed [sign-up, action, person] (Django signing with
its own salt; about 100 characters, within LINE's 300): bound to the sign-up, the action and the
person, so that an altered button is refused, and one forwarded to someone else acts for nobody.
The second tap's button works for SECOND_TAP_WITHIN only."""

import datetime

from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

PREFIX = "signup"
SALT = "portal.events.line-answer"
ATTEND, CANCEL, CANCEL_CONFIRMED, KEEP = "attend", "cancel", "cancel!", "keep"
WAIT, LEAVE, LEAVE_CONFIRMED, STAY = "wait", "leave", "leave!", "stay"
ACTIONS = {ATTEND, CANCEL, CANCEL_CONFIRMED, KEEP, WAIT, LEAVE, LEAVE_CONFIRMED, STAY}
SECOND_TAPS = {CANCEL_CONFIRMED, LEAVE_CONFIRMED}
SECOND_TAP_WITHIN = datetime.timedelta(minutes=10)


def data(signup, action):
    return f"{PREFIX}:" + signing.dumps([signup.pk, action, signup.user_id], salt=SALT)


def button(signup, action, label, style="secondary"):
    return {"label": str(label), "data": data(signup, action), "style": style}


def read(value):
    """(sign-up id, action, person id) of a button's data. Raises signing.SignatureExpired for a
    second tap that came too late, signing.BadSignature for anything that is not our button."""
    signed = value.partition(":")[2]
    found = signing.loads(signed, salt=SALT)
    if not (
        isinstance(found, list)
        and len(found) == 3
        and isinstance(found[0], int)
        and found[1] in ACTIONS
        and isinstance(found[2], int)
    ):
        raise signing.BadSignature("not a sign-up answer")
    if found[1] in SECOND_TAPS:
        signing.loads(signed, salt=SALT, max_age=SECOND_TAP_WITHIN)
    return tuple(found)


def reminder_actions(signup):
    return [
        button(signup, ATTEND, _("I'll be there"), "primary"),
        button(signup, CANCEL, pgettext("LINE button", "Cancel")),
    ]


def waitlist_actions(signup):
    return [button(signup, WAIT, _("Still waiting"), "primary"), button(signup, LEAVE, _("Stop waiting"))]

"""The check-in QR code: a signed reference to a sign-up, not a guessable id."""

import datetime

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Signup
from .services import SignupRefused

QR_SALT = "portal.events.check-in"
# The same code every time it is shown, so that the roster a coordinator's phone keeps offline can hold
# its digest (check_in_views.roster). Codes made before, with a timestamp in them, are still accepted.
STABLE_QR_SALT = "portal.events.check-in.stable"
# Volunteers show screenshots of their code made days before, offline: it stays good until well after
# the event, then stops, so an old code cannot be used for a later event's (nor anyone's) check-in.
QR_VALID_AFTER_THE_END = datetime.timedelta(hours=12)


def check_in_token(signup):
    """What the volunteer's QR code holds: a signed reference, not a guessable id."""
    return signing.Signer(salt=STABLE_QR_SALT).sign_object(signup.pk, compress=True)


def _signed_pk(token):
    try:
        return signing.Signer(salt=STABLE_QR_SALT).unsign_object(token)
    except signing.BadSignature:
        return signing.loads(token, salt=QR_SALT)  # a code shown before codes became stable


def signup_for_token(token):
    try:
        pk = _signed_pk(token)
    except signing.BadSignature:
        raise SignupRefused(_("This QR code is not one of ours, or it has been altered."))
    signup = Signup.objects.select_related("event", "user").filter(pk=pk).first()
    if signup is None:
        raise SignupRefused(_("This QR code belongs to a registration that no longer exists."))
    if timezone.now() > signup.event.ends_at + QR_VALID_AFTER_THE_END:
        raise SignupRefused(_("This QR code has expired: its event is over. Find the person by name instead."))
    return signup

"""Check-ins made on a coordinator's phone, perhaps offline, each under the id the phone gave it:
sent again (a retry, a replay, a second phone), it is recognised and changes nothing."""

import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .models import Event, Signup


class QueuedCheckIn(models.Model):
    client_id = models.UUIDField(unique=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="+")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "portal_events"


# A phone's clock is believed for when the person arrived, within reason: never later than now, and a
# queue older than this is not "offline at the door" but something else, checked in as of now.
OLDEST_BELIEVED = datetime.timedelta(days=3)


class Outcome:
    CHECKED_IN = "checked_in"  # done now, by this id
    ALREADY = "already"  # the person was already checked in (by another phone, or online): nothing changed
    REPEAT = "repeat"  # this id was received before: nothing changed
    REFUSED = "refused"  # the reason says why; nothing changed


def apply(client_id, signup, by, made_at=None):
    """Check `signup` in for the queued check-in `client_id`, once. Returns (outcome, sentence)."""
    now = timezone.now()
    if made_at is None or not (now - OLDEST_BELIEVED <= made_at <= now):
        made_at = now
    name = signup.user.get_full_name() or signup.user.email
    try:
        with transaction.atomic():
            earlier = QueuedCheckIn.objects.filter(client_id=client_id).first()
            if earlier is not None:
                return _repeat(earlier, signup, by, name)
            try:
                _signup, already = services.check_in(signup, by=by, now=made_at)
            except services.SignupRefused as refused:
                return Outcome.REFUSED, refused.reason
            QueuedCheckIn.objects.create(client_id=client_id, event_id=signup.event_id, signup=signup, made_by=by)
    except IntegrityError:  # the same id arrived twice at once: the other request applied it
        return Outcome.REPEAT, _("%(name)s: this check-in was received before. Nothing changed.") % {"name": name}
    if already:
        return Outcome.ALREADY, _("%(name)s was already checked in. Nothing changed.") % {"name": name}
    return Outcome.CHECKED_IN, _("%(name)s is checked in.") % {"name": name}


def _repeat(earlier, signup, by, name):
    if earlier.made_by_id != by.pk or earlier.signup_id != signup.pk:
        return Outcome.REFUSED, _("This check-in's id was already used for another check-in. Nothing changed.")
    return Outcome.REPEAT, _("%(name)s: this check-in was received before. Nothing changed.") % {"name": name}

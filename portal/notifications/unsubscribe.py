"""One-click unsubscribe from optional e-mail (reminders, thank-you notes, coordinators' news):
a signed link per person, and the List-Unsubscribe-Post answer of RFC 8058."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "portal.notifications.unsubscribe"


def unsubscribe_token(user_id):
    return signing.dumps(user_id, salt=SALT, compress=True)


def user_id_for(token):
    """The person of a link no older than UNSUBSCRIBE_LINK_DAYS (a year by default): a link in an old
    message still works, as mail programs expect, but one found in an old forward does not for ever."""
    try:
        return signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=settings.UNSUBSCRIBE_LINK_DAYS))
    except signing.BadSignature:  # SignatureExpired is one
        return None


def unsubscribe_url(user_id):
    return settings.SITE_URL + reverse("notifications_unsubscribe", kwargs={"token": unsubscribe_token(user_id)})

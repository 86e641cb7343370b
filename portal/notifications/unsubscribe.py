"""One-click unsubscribe from optional e-mail (reminders, thank-you notes, coordinators' news):
a signed link per person, and the List-Unsubscribe-Post answer of RFC 8058."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "portal.notifications.unsubscribe"


def unsubscribe_token(user_id):
    return signing.dumps(user_id, salt=SALT, compress=True)


def user_id_for(token):
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None


def unsubscribe_url(user_id):
    return settings.SITE_URL + reverse("notifications_unsubscribe", kwargs={"token": unsubscribe_token(user_id)})

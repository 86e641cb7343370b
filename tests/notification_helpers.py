"""Helpers of the notification tests: a volunteer linked to LINE, the webhook task run in the test's
transaction, a time in Bangkok."""

import datetime

from allauth.socialaccount.models import SocialAccount

from portal.accounts.models import ConsentPurpose
from portal.accounts.services import record_consent

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


def handle_webhook_events():
    """What the Celery task does with every event waiting: in the test's own transaction."""
    from portal.notifications import line_webhook
    from portal.notifications.models import LineEventStatus, LineWebhookEvent

    ids = list(LineWebhookEvent.objects.filter(status=LineEventStatus.PENDING).values_list("pk", flat=True))
    return line_webhook.handle(ids)


def link_line(user, uid=None):
    """The volunteer logged in with LINE once (allauth's SocialAccount) and said yes to LINE messages."""
    uid = uid or f"U{user.pk:032x}"
    SocialAccount.objects.create(user=user, provider="line", uid=uid, extra_data={})
    record_consent(user, {ConsentPurpose.LINE_REMINDERS: True})
    return uid


def bangkok(*args):
    return datetime.datetime(*args, tzinfo=BANGKOK)

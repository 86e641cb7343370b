"""After the retention period the delivery log forgets where each finished message went and what
it said, but keeps the row, so the message is still never sent again."""

import datetime

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal.notifications.ledger import forget_old_deliveries
from portal.notifications.models import Delivery, DeliveryStatus
from tests.beat import BANGKOK, beat_sends, nightly_at

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 29, 3, 30))


def delivery(user, days_ago, status, kind):
    return Delivery.objects.create(
        recipient=user,
        subject_type=ContentType.objects.get_for_model(user),
        subject_id=user.pk,
        kind=kind,
        channel="email",
        status=status,
        address=user.email,
        content={"subject": "ขอบคุณที่ร่วมกิจกรรม"},
        created_at=NOW - datetime.timedelta(days=days_ago),
    )


def test_old_finished_messages_lose_address_and_text_and_stay_in_the_log(make_volunteer):
    user = make_volunteer("somchai")
    old = settings.DELIVERY_LOG_RETENTION_DAYS + 1
    old_sent = delivery(user, old, DeliveryStatus.SENT, "thank_you")
    old_failed = delivery(user, old, DeliveryStatus.FAILED, "reminder")
    old_pending = delivery(user, old, DeliveryStatus.PENDING, "confirmed")
    recent_sent = delivery(user, old - 2, DeliveryStatus.SENT, "approved")

    assert forget_old_deliveries(now=NOW) == 2

    for row, status in ((old_sent, DeliveryStatus.SENT), (old_failed, DeliveryStatus.FAILED)):
        row.refresh_from_db()
        assert (row.address, row.content, row.status) == ("", {}, status)
    for row in (old_pending, recent_sent):
        row.refresh_from_db()
        assert row.address == user.email and row.content
    assert Delivery.objects.filter(recipient=user).count() == 4
    assert forget_old_deliveries(now=NOW) == 0


def test_beat_forgets_old_deliveries_once_a_night_at_half_past_three_bangkok_time():
    start = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=BANGKOK)
    sent = beat_sends("portal.notifications.tasks.forget_old_deliveries", start, days=3)
    assert sent == nightly_at(3, 30, start, days=3)

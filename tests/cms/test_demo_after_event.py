"""The demo's finished training (cms/demo_after_event.py): what signing up and checking in would
have sent two weeks ago is never sent by `make run`'s worker, the delivery log says why in Thai, and
loading the demo again changes nothing."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Collection

from cms.demo_after_event import FINISHED_TITLE, PEOPLE
from portal.accounts.models import ConsentRecord, GuardianConsent
from portal.events.models import Event, Signup
from portal.events.photos import EventPhoto
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db


def _story_deliveries():
    return Delivery.objects.filter(recipient__username__in=[username for username, *_ in PEOPLE])


def test_the_finished_events_old_messages_are_never_sent(demo):
    assert _story_deliveries().exists(), "signing up and checking in recorded messages"
    assert not Delivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]).exists()
    assert not ledger.due(timezone.now() + datetime.timedelta(days=30)).exists(), "beat's sweep would send these"


def test_the_delivery_log_says_in_thai_why_they_were_not_sent(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get("/admin/notifications/deliveries/").content.decode()
    assert "ไม่ได้ส่ง: กิจกรรมจบไปแล้วตอนที่โหลดข้อมูลตัวอย่าง" in html
    assert "the event was over" not in html


def _everything():
    event = Event.objects.get(title=FINISHED_TITLE)
    return {
        "events": Event.objects.count(),
        "signups": Signup.objects.filter(event=event).count(),
        "checked in": Signup.objects.filter(event=event, checked_in_at__isnull=False).count(),
        "people": get_user_model().objects.count(),
        "consents": ConsentRecord.objects.count(),
        "guardian consents": GuardianConsent.objects.count(),
        "photos": EventPhoto.objects.count(),
        "images": Image.objects.count(),
        "collections": Collection.objects.count(),
        "deliveries": sorted(Delivery.objects.values_list("pk", "status")),
    }


def test_loading_the_demo_again_changes_nothing(demo):
    before = _everything()
    assert before["checked in"] == len(PEOPLE) and before["photos"] == 3
    call_command("load_demo", stdout=io.StringIO())
    assert _everything() == before

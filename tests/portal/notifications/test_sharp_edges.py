"""The delivery log's retry follows only a link back into the site; a message whose subject would break
an e-mail header fails for good at once instead of being retried for ever; unsubscribe links expire."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.urls import reverse

from portal.accounts.models import Profile
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from portal.notifications.unsubscribe import unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_row(make_volunteer):
    person = make_volunteer("somchai")
    return Delivery.objects.create(
        recipient=person,
        subject_type=ContentType.objects.get_for_model(Profile),
        subject_id=person.profile.pk,
        kind="guardian_request",
        channel="email",
        status=DeliveryStatus.FAILED,
        content={"subject": "พรุ่งนี้พบกัน"},
    )


@pytest.mark.parametrize(
    "next_url, followed",
    [
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("javascript:alert(1)", False),
        ("http://testserver@evil.example/", False),
        ("/\\evil.example", False),
        ("", False),
        ("/admin/notifications/deliveries/?status=failed", True),
    ],
)
def test_the_retry_button_follows_only_a_link_back_into_the_site(admin_client, failed_row, next_url, followed):
    response = admin_client.post(reverse("delivery_log:retry", args=[failed_row.pk]), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == (next_url if followed else reverse("delivery_log:index"))


@pytest.mark.parametrize("subject", ["แจ้งเตือน\r\nBcc: everyone@example.org", "แจ้งเตือน\nX-Spam: yes"])
def test_a_subject_that_would_break_a_header_fails_once_and_for_good(failed_row, subject):
    row = failed_row
    Delivery.objects.filter(pk=row.pk).update(status=DeliveryStatus.PENDING, content={"subject": subject, "title": "x"})
    counts = ledger.deliver([row.pk])
    row.refresh_from_db()
    assert counts["failed"] == 1 and row.status == DeliveryStatus.FAILED and row.attempts == 1
    assert row.not_before is None  # not waiting for another try


def test_an_unsubscribe_link_works_for_a_year_and_then_no_more(client, make_volunteer, settings, monkeypatch):
    person = make_volunteer("somchai")
    fresh = unsubscribe_token(person.pk)
    assert client.get(f"/notifications/unsubscribe/{fresh}/").status_code == 200
    long_ago = datetime.datetime.now() - datetime.timedelta(days=settings.UNSUBSCRIBE_LINK_DAYS + 1)
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(int(long_ago.timestamp()))
    )
    old = unsubscribe_token(person.pk)  # a link in a message sent more than a year ago
    monkeypatch.undo()
    response = client.post(f"/notifications/unsubscribe/{old}/")
    assert response.status_code == 404
    person.profile.refresh_from_db()
    assert person.profile.notify_by_email

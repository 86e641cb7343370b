"""The coordinator's event form and listing change an event only through the services: cancelling it
cancels everyone's registration (the pages, lists and sheets then agree), more seats promote the
people waiting, an event with sign-ups is cancelled rather than deleted, and a check-in made by
mistake is undone from the sign-up listing."""

import csv
import io
import re

import pytest
from django.urls import reverse

from portal.events import services
from portal.events.models import ChangeReason, Event, EventStatus, Signup, SignupStatus
from portal.exports.sign_in_sheet import SignInSheetExporter
from portal.notifications.models import Delivery
from tests.factories import WITHIN_THE_HOUR, EventFactory
from tests.portal.admin.event_form import EVENTS, save_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, staff):
    client.force_login(staff["coordinator"])
    return staff["coordinator"]


def _kinds(user):
    return list(Delivery.objects.filter(recipient=user, channel="email").order_by("pk").values_list("kind", flat=True))


def _page_messages(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_cancelling_an_event_in_its_form_cancels_every_sign_up_everywhere(client, coordinator, ours, make_signup):
    event = EventFactory(programme=ours, title="อบรมนวัตกร", capacity=2)
    seated = [make_signup(event, name) for name in ("first", "second")]
    waiting = make_signup(event, "third")

    response = save_event(client, event, status=EventStatus.CANCELLED)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    told = [str(message) for message in client.get(response["Location"]).context["messages"]]
    assert any(message.startswith("“อบรมนวัตกร” ถูกยกเลิกแล้ว แจ้งผู้ลงทะเบียนทั้ง 3 คนแล้ว") for message in told)

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    for signup in [*seated, waiting]:
        signup.refresh_from_db()
        assert signup.status == SignupStatus.CANCELLED
        assert signup.changes.last().reason == ChangeReason.EVENT_CANCELLED
        assert _kinds(signup.user).count("event_cancelled") == 1
        assert "event_changed" not in _kinds(signup.user)
    # What a volunteer sees: no QR code, the event said to be cancelled, no free seats to count.
    client.force_login(seated[0].user)
    mine = client.get("/events/mine/").content.decode()
    assert 'figure class="qr"' not in mine and "กิจกรรมนี้ถูกยกเลิกแล้ว การลงทะเบียนของคุณจึงถูกยกเลิกด้วย" in mine
    assert client.get(f"/events/signups/{seated[0].pk}/qr.svg").status_code == 404
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "กิจกรรมนี้ถูกยกเลิกแล้ว" in page and "ที่นั่ง" not in re.sub(r"<[^>]+>", " ", page.split("<dl")[1])
    # What the coordinator files: nobody confirmed on the sheet, and the list says cancelled.
    client.force_login(coordinator)
    assert {name for _number, name, *_rest in SignInSheetExporter(event).rows()} == {("", "")}
    body = b"".join(
        client.get(reverse("exports:signups", kwargs={"fmt": "csv"}), {"event": event.pk}).streaming_content
    ).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(body))
    statuses = [row[header.index("สถานะ")] for row in rows]
    assert statuses == ["ยกเลิกแล้ว"] * 3


def test_a_cancelled_event_cannot_be_reopened_nor_an_event_with_sign_ups_made_a_draft(
    client, coordinator, ours, make_signup
):
    event = EventFactory(programme=ours, title="อบรมนวัตกร")
    make_signup(event, "registered")
    response = save_event(client, event, status=EventStatus.DRAFT)
    assert response.status_code == 200
    assert response.context["form"].errors["status"] == ["มีผู้ลงทะเบียนกิจกรรมนี้แล้ว โปรดยกเลิกกิจกรรมแทนการเปลี่ยนเป็นฉบับร่าง"]
    services.cancel_event(event, by=coordinator)
    response = save_event(client, event, status=EventStatus.PUBLISHED)
    assert response.status_code == 200 and "status" in response.context["form"].errors
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


def test_more_seats_in_the_form_promote_the_people_waiting_longest(client, coordinator, ours, make_signup):
    event = EventFactory(programme=ours, title="อบรมนวัตกร", capacity=1)
    make_signup(event, "seated")
    first, second, third = (make_signup(event, name) for name in ("w1", "w2", "w3"))

    response = save_event(client, event, capacity=3)
    assert response.status_code == 302

    assert Event.objects.get(pk=event.pk).capacity == 3
    statuses = {signup.user.username: signup.status for signup in Signup.objects.filter(event=event)}
    assert statuses == {"seated": "confirmed", "w1": "confirmed", "w2": "confirmed", "w3": "waitlisted"}
    assert _kinds(first.user)[-1] == _kinds(second.user)[-1] == "signup_promoted"
    assert _kinds(third.user) == ["signup_waitlisted"]

    assert save_event(client, event, capacity=1).status_code == 302
    assert Signup.objects.filter(event=event, status="confirmed").count() == 3, "fewer seats bump nobody"


def test_moving_the_event_in_the_form_still_tells_everyone_registered(client, coordinator, ours, make_signup):
    event = EventFactory(programme=ours, title="อบรมนวัตกร")
    signup = make_signup(event, "registered")
    response = save_event(client, event, place_name="วัดด่านแม่ละเมา")
    assert response.status_code == 302
    assert _kinds(signup.user)[-1] == "event_changed"


def test_an_event_with_sign_ups_is_cancelled_not_deleted(client, staff, ours, make_signup):
    client.force_login(staff["admin"])
    event = EventFactory(programme=ours, title="อบรมนวัตกร")
    make_signup(event, "registered")
    empty = EventFactory(programme=ours, title="ยังไม่มีใครลงทะเบียน")
    for response in (
        client.get(f"{EVENTS}/delete/{event.pk}/", follow=True),
        client.post(f"{EVENTS}/delete/{event.pk}/", follow=True),
    ):
        assert response.redirect_chain[-1][0] == f"{EVENTS}/edit/{event.pk}/"
        assert any("มีผู้ลงทะเบียนแล้ว จึงลบไม่ได้" in text for text in _page_messages(response))
    bulk = client.post(f"/admin/bulk/portal_events/event/delete/?id={event.pk}&id={empty.pk}", follow=True)
    assert any("มีผู้ลงทะเบียนแล้ว จึงลบไม่ได้" in text for text in _page_messages(bulk))
    assert Event.objects.filter(pk=event.pk).exists() and Signup.objects.filter(event=event).count() == 1
    assert client.post(f"{EVENTS}/delete/{empty.pk}/").status_code == 302
    assert not Event.objects.filter(pk=empty.pk).exists(), "an event nobody registered for can still go"


def test_a_check_in_made_by_mistake_is_undone_from_the_listing(client, coordinator, ours, make_signup):
    event = EventFactory(programme=ours, title="อบรมนวัตกร", days_ahead=WITHIN_THE_HOUR)
    signup = make_signup(event, "mistaken")
    services.check_in(signup, by=coordinator)
    url = f"/admin/bulk/portal_events/signup/undo_check_in/?id={signup.pk}&next=/admin/signups/"
    assert "ยกเลิกการลงชื่อเข้าร่วมของผู้เหล่านี้หรือไม่" in client.get(url).content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "ยกเลิกการลงชื่อเข้าร่วม 1 คนแล้ว" in page
    signup.refresh_from_db()
    assert (signup.checked_in_at, signup.certificate_code, signup.hours_credited) == (None, None, None)
    again = client.post(url, follow=True).content.decode()
    assert "สมชาย mistaken: สมชาย mistaken ยังไม่ได้ลงชื่อเข้าร่วม" in again

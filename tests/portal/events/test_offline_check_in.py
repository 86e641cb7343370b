"""What the offline check-in page relies on (docs/check-in.md): the roster it keeps holds only what
check-in needs, for the event's coordinators only, until check-in closes; queued check-ins are applied
once each, so a replayed, repeated or forged one changes nothing; the page is an installable app."""

import datetime
import hashlib
import json
import re
import time
import uuid
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.core import signing
from django.utils import timezone
from PIL import Image

from portal.events import qr, services
from portal.events.check_in_queue import QueuedCheckIn
from portal.events.check_in_window import check_in_window
from portal.events.models import ChangeReason, Signup, SignupChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_coordinator(make_volunteer, programme):
    user = make_volunteer("coord2")
    user.groups.add(Group.objects.get(name="Coordinators"))
    programme.coordinators.add(user)
    return user


@pytest.fixture
def people(make_event, make_volunteer):
    start = timezone.now() + datetime.timedelta(hours=1)  # check-in is open
    event = make_event(capacity=10, starts_at=start, cancellation_deadline=start)
    return event, [services.sign_up(make_volunteer(f"p{index}"), event) for index in range(3)]


def _sync(client, event, items):
    return client.post(
        f"/events/{event.pk}/check-in/sync", json.dumps({"check_ins": items}), content_type="application/json"
    )


def _state(event):
    """Everything a check-in changes at the event: who is checked in, when, by whom, and the history
    (the demo's finished event has check-ins of its own)."""
    return (
        sorted(event.signups.values_list("pk", "checked_in_at", "checked_in_by", "certificate_code")),
        SignupChange.objects.filter(signup__event=event, reason=ChangeReason.CHECKED_IN).count(),
    )


def test_the_roster_holds_only_what_check_in_needs(client, people, coordinator, make_volunteer):
    event, signups = people
    services.cancel(signups[2], by=signups[2].user)
    client.force_login(coordinator)
    response = client.get(f"/events/{event.pk}/check-in/roster.json")
    assert response["Cache-Control"] == "no-store, private"
    body = response.json()
    assert [person["id"] for person in body["people"]] == [signups[0].pk, signups[1].pk]  # the cancelled one is not
    first = body["people"][0]
    assert set(first) == {"id", "name", "nickname", "group", "phone_end", "qr", "checked_in"}
    assert first["phone_end"] == "5678" and first["name"] == "สมชาย p0" and first["group"] == "เยาวชน"
    assert first["qr"] == hashlib.sha256(qr.check_in_token(signups[0]).encode()).hexdigest()
    assert "@" not in response.content.decode() and "+66" not in response.content.decode()
    _opens, closes = check_in_window(event)
    assert body["expires"] == int(closes.timestamp() * 1000)
    client.force_login(make_volunteer("stranger"))
    assert client.get(f"/events/{event.pk}/check-in/roster.json").status_code == 403


def test_a_volunteer_s_code_is_the_same_each_time_and_older_codes_still_work(people):
    _event, signups = people
    token = qr.check_in_token(signups[0])
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 7200):
        assert qr.check_in_token(signups[0]) == token  # so the phone's roster can hold its digest
    shown_last_week = signing.dumps(signups[1].pk, salt=qr.QR_SALT, compress=True)
    assert qr.signup_for_token(shown_last_week) == signups[1]
    assert qr.signup_for_token(token) == signups[0]


def test_after_check_in_closes_the_roster_is_empty(client, make_event, make_volunteer, coordinator):
    start = timezone.now() - datetime.timedelta(days=3)
    event = make_event(
        starts_at=start,
        registration_opens_at=start - datetime.timedelta(days=5),
        registration_closes_at=start - datetime.timedelta(days=1),
    )
    Signup.objects.create(event=event, user=make_volunteer("came"), status="confirmed")
    client.force_login(coordinator)
    assert client.get(f"/events/{event.pk}/check-in/roster.json").json()["people"] == []


def test_each_queued_check_in_is_applied_once(client, people, coordinator, second_coordinator):
    event, signups = people
    client.force_login(coordinator)
    items = [
        {"id": str(uuid.uuid4()), "signup": signups[0].pk},
        {"id": str(uuid.uuid4()), "token": qr.check_in_token(signups[1])},
    ]
    first = _sync(client, event, items).json()["results"]
    assert [result["outcome"] for result in first] == ["checked_in", "checked_in"]
    assert first[0]["message"] == "สมชาย p0 ลงชื่อเข้าร่วมแล้ว"
    after_first = _state(event)
    # The phone did not hear the answer and sends the same again; a second phone checked p0 in too.
    again = _sync(client, event, items).json()["results"]
    assert [result["outcome"] for result in again] == ["repeat", "repeat"]
    assert "ไม่มีการเปลี่ยนแปลง" in again[0]["message"]
    client.force_login(second_coordinator)
    other_phone = _sync(client, event, [{"id": str(uuid.uuid4()), "signup": signups[0].pk}]).json()["results"]
    assert other_phone[0]["outcome"] == "already"
    assert _state(event)[1] == after_first[1] == 2
    assert Signup.objects.get(pk=signups[0].pk).checked_in_by == coordinator


def test_a_check_in_undone_is_not_redone_by_a_replay(client, people, coordinator):
    event, signups = people
    client.force_login(coordinator)
    item = {"id": str(uuid.uuid4()), "signup": signups[0].pk}
    _sync(client, event, [item])
    services.undo_check_in(signups[0], by=coordinator)
    assert _sync(client, event, [item]).json()["results"][0]["outcome"] == "repeat"
    assert Signup.objects.get(pk=signups[0].pk).checked_in_at is None


def test_replayed_or_forged_check_ins_change_nothing(
    client, people, coordinator, second_coordinator, make_event, make_volunteer
):
    event, signups = people
    other_event = make_event(title="อีกกิจกรรม", starts_at=event.starts_at)
    elsewhere = services.sign_up(make_volunteer("elsewhere"), other_event)
    services.cancel(signups[2], by=signups[2].user)
    client.force_login(second_coordinator)
    used = str(uuid.uuid4())
    _sync(client, event, [{"id": used, "signup": signups[1].pk}])
    client.force_login(coordinator)
    before = _state(event)
    forged = [
        {"id": str(uuid.uuid4()), "token": qr.check_in_token(signups[0])[:-2] + "xx"},  # altered QR
        {"id": str(uuid.uuid4()), "token": qr.check_in_token(elsewhere)},  # another event's code
        {"id": str(uuid.uuid4()), "signup": elsewhere.pk},  # another event's person by id
        {"id": str(uuid.uuid4()), "signup": signups[2].pk},  # cancelled meanwhile
        {"id": used, "signup": signups[0].pk},  # another coordinator's id, for someone else
        {"id": "not-a-uuid", "signup": signups[0].pk},
        {"signup": signups[0].pk},
        {"id": str(uuid.uuid4())},
        {"id": str(uuid.uuid4()), "signup": "1 OR 1=1"},
        "a string",
    ]
    results = _sync(client, event, forged).json()["results"]
    assert [result["outcome"] for result in results] == ["refused"] * len(forged)
    assert results[0]["message"] == "คิวอาร์โค้ดนี้ไม่ใช่ของระบบ หรือถูกแก้ไข"
    assert results[1]["message"] == "คิวอาร์โค้ดนี้เป็นของกิจกรรมอื่น: อีกกิจกรรม"
    assert "ยกเลิก" in results[3]["message"]
    assert _state(event) == before
    assert QueuedCheckIn.objects.count() == 1


def test_what_the_sync_address_refuses_outright(client, people, coordinator, make_volunteer):
    event, signups = people
    stranger = make_volunteer("stranger")
    client.force_login(stranger)
    assert _sync(client, event, [{"id": str(uuid.uuid4()), "signup": signups[0].pk}]).status_code == 403
    client.force_login(coordinator)
    for body in (b"not json", b"{}", b'{"check_ins": 5}', json.dumps({"check_ins": [{}] * 501}).encode()):
        response = client.post(f"/events/{event.pk}/check-in/sync", body, content_type="application/json")
        assert response.status_code == 400 and "ไม่เข้าใจ" in response.json()["error"]
    assert _state(event)[1] == 0


def test_the_phone_s_time_of_arrival_is_kept_within_reason(client, people, coordinator):
    event, signups = people
    client.force_login(coordinator)
    arrived = timezone.now() - datetime.timedelta(minutes=40)
    future = timezone.now() + datetime.timedelta(days=2)
    _sync(
        client,
        event,
        [
            {"id": str(uuid.uuid4()), "signup": signups[0].pk, "at": int(arrived.timestamp() * 1000)},
            {"id": str(uuid.uuid4()), "signup": signups[1].pk, "at": int(future.timestamp() * 1000)},
        ],
    )
    first, second = (Signup.objects.get(pk=signup.pk).checked_in_at for signup in signups[:2])
    assert abs(first - arrived) < datetime.timedelta(seconds=1)
    assert abs(second - timezone.now()) < datetime.timedelta(minutes=1)


def test_the_page_is_an_installable_app(client, people, coordinator):
    event, _signups = people
    client.force_login(coordinator)
    page = client.get(f"/events/{event.pk}/check-in/").content.decode()
    assert (
        f'<link rel="manifest" href="/events/{event.pk}/check-in/manifest.webmanifest" crossorigin="use-credentials">'
        in page
    )
    response = client.get(f"/events/{event.pk}/check-in/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == f"/events/{event.pk}/check-in/" and manifest["start_url"].startswith(
        manifest["scope"]
    )
    assert manifest["display"] == "standalone" and manifest["name"] == "ลงชื่อเข้าร่วม: อบรมอาสาสมัคร"
    sizes = set()
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    worker = client.get("/events/check-in-worker.js")
    script = worker.content.decode()
    assert worker["Content-Type"] == "text/javascript" and 'addEventListener("fetch"' in script
    # It sends the queue itself on background sync, with the page's own store (which must be there to import).
    store = re.search(r'importScripts\("([^"]+)"\)', script).group(1)
    assert 'addEventListener("sync"' in script and finders.find(store.removeprefix("/static/"))


def test_search_takes_thai_digits_and_the_end_of_a_number(client, people, coordinator):
    event, _signups = people
    client.force_login(coordinator)
    for query in ("๐๘๑-๒๓๔-๕๖๗๘", "๕๖๗๘", "5678", "081 234 5678"):
        page = client.get(f"/events/{event.pk}/check-in/", {"q": query}).content.decode()
        assert page.count("สมชาย p") == 3, query
    assert "สมชาย p" not in client.get(f"/events/{event.pk}/check-in/", {"q": "๙๙๙๙"}).content.decode()


def test_the_page_counts_arrivals_by_group(client, people, coordinator, make_volunteer):
    event, signups = people
    services.check_in(signups[0], by=coordinator)
    child = make_volunteer("child", born=datetime.date.today().replace(year=datetime.date.today().year - 12))
    child.profile.volunteer_group = "child"
    child.profile.save()
    Signup.objects.create(event=event, user=child, status="confirmed")
    client.force_login(coordinator)
    page = client.get(f"/events/{event.pk}/check-in/").content.decode()
    assert '<th scope="row">เยาวชน</th><td>1 / 3</td>' in page
    assert '<th scope="row">เด็ก</th><td>0 / 1</td>' in page

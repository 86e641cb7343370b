"""Walk-ins at the desk: a coordinator registers a person without an account, who takes a seat like
anyone else and can later claim the record as their own account; nobody else can use the form or
the record."""

import datetime
import random
import threading

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import PaperRecord, VolunteerGroup
from portal.events import services, walk_ins
from portal.events.models import Event, Programme, SignupChange, SignupStatus

from .test_concurrency import _invariants, _run_concurrently

ADULT = {
    "title": "mrs",
    "first_name": "บุญมี",
    "last_name": "ใจดี",
    "volunteer_group": VolunteerGroup.OPM,
    "stated_age": 67,
    "consent_on_paper": True,
}
CHILD = {
    "title": "girl",
    "first_name": "ดารุณี",
    "last_name": "แสงทอง",
    "volunteer_group": VolunteerGroup.CHILD,
    "date_of_birth": "12/3/2558",
    "guardian_name": "ครูสมศรี มีสุข",
    "guardian_relation": "ครู",
    "guardian_phone": "081-234-5678",
    "consent_on_paper": True,
}


@pytest.fixture
def coordinator(make_volunteer, programme):
    user = make_volunteer("wilai")
    user.groups.add(Group.objects.get(name="Coordinators"))
    programme.coordinators.add(user)
    return user


def _walk_in(event, by, data):
    form = walk_ins.WalkInForm(data, event=event)
    assert form.is_valid(), form.errors
    return walk_ins.register_walk_in(event, form.cleaned_data, by)


@pytest.mark.django_db
def test_a_walk_in_takes_a_seat_then_the_waitlist_like_anyone(event, coordinator, make_volunteer):
    services.sign_up(make_volunteer("online"), event)
    first, code = _walk_in(event, coordinator, ADULT)
    assert first.status == SignupStatus.CONFIRMED and len(code) == 11
    second, _code = _walk_in(event, coordinator, {**ADULT, "first_name": "บุญมา", "stated_age": 70})
    assert second.status == SignupStatus.WAITLISTED and second.waitlist_position == 1
    assert first.user.profile.age() == 67 and not first.user.has_usable_password() and not first.user.email
    record = first.user.paper_record
    assert record.recorded_by == coordinator and record.consent_signed_by == "บุญมี ใจดี"


@pytest.mark.django_db
def test_a_minor_needs_a_guardian_whose_paper_consent_is_recorded(event, coordinator):
    form = walk_ins.WalkInForm({**CHILD, "guardian_name": "", "guardian_phone": ""}, event=event)
    assert not form.is_valid()
    assert set(form.errors) == {"guardian_name", "guardian_phone"}
    assert "อายุต่ำกว่า 20" in form.errors["guardian_name"][0]
    event.eligible_groups = []
    event.save()
    signup, _code = _walk_in(event, coordinator, CHILD)
    profile = signup.user.profile
    assert profile.is_minor and profile.guardian_consent.guardian_name == "ครูสมศรี มีสุข"
    assert profile.emergency_contact_phone == "+66812345678"
    assert signup.user.paper_record.consent_signed_by == "ครูสมศรี มีสุข"
    assert signup.status == SignupStatus.CONFIRMED


@pytest.mark.django_db
def test_outside_the_groups_only_with_a_recorded_reason(event, coordinator):
    event.eligible_groups = [VolunteerGroup.YOUTH]
    event.save()
    with pytest.raises(services.SignupRefused):
        _walk_in(event, coordinator, ADULT)
    assert not PaperRecord.objects.exists(), "a refused walk-in leaves no record behind"
    signup, _code = _walk_in(event, coordinator, {**ADULT, "override_reason": "ผู้นำชุมชน มาช่วยวิทยากร"})
    change = SignupChange.objects.get(signup=signup)
    assert change.changed_by == coordinator and "ผู้นำชุมชน มาช่วยวิทยากร" in change.note


@pytest.mark.django_db
def test_walk_ins_come_after_registration_closes_but_not_after_the_event(make_event, coordinator):
    now = timezone.now()
    on_the_day = make_event(
        registration_closes_at=now - datetime.timedelta(hours=1),
        registration_opens_at=now - datetime.timedelta(days=5),
        starts_at=now - datetime.timedelta(hours=1),
    )
    signup, _code = _walk_in(on_the_day, coordinator, ADULT)
    assert signup.status == SignupStatus.CONFIRMED
    over = make_event(
        starts_at=now - datetime.timedelta(days=2),
        registration_opens_at=now - datetime.timedelta(days=9),
        registration_closes_at=now - datetime.timedelta(days=3),
    )
    with pytest.raises(services.SignupRefused, match="จบไปแล้ว"):
        _walk_in(over, coordinator, {**ADULT, "first_name": "คนอื่น"})


@pytest.mark.django_db
def test_the_same_person_twice_is_caught(event, coordinator):
    _walk_in(event, coordinator, ADULT)
    form = walk_ins.WalkInForm(ADULT, event=event)
    assert not form.is_valid() and "different_person" in form.errors
    assert walk_ins.WalkInForm({**ADULT, "different_person": True}, event=event).is_valid()


@pytest.mark.django_db
def test_nobody_but_the_events_coordinators_registers_walk_ins(client, event, coordinator, make_volunteer):
    url = reverse("events_walk_in", args=[event.pk])
    volunteer = make_volunteer("somchai")
    client.force_login(volunteer)
    response = client.post(url, ADULT)
    assert response.status_code in (302, 403) and not PaperRecord.objects.exists()
    other = make_volunteer("other")
    other.groups.add(Group.objects.get(name="Coordinators"))
    Programme.objects.create(name="โครงการอื่น", organisers="อบต.อื่น", fiscal_year=2569).coordinators.add(other)
    client.force_login(other)
    assert client.post(url, ADULT).status_code == 403 and not PaperRecord.objects.exists()
    with pytest.raises(services.SignupRefused):
        walk_ins.register_walk_in(event, {**ADULT, "stated_age": 67}, other)
    with pytest.raises(services.SignupRefused):
        services.sign_up(make_volunteer("victim"), event, by=volunteer)


@pytest.mark.django_db
def test_the_desk_form_in_thai_keeps_what_was_typed(client, event, coordinator):
    client.force_login(coordinator)
    url = reverse("events_walk_in", args=[event.pk])
    page = client.post(url, {**ADULT, "stated_age": "", "phone": "12345"})
    html = page.content.decode()
    assert page.status_code == 200 and "บุญมี" in html, "nothing typed is lost"
    assert "กรอกวันเกิดหรืออายุ" in html and "หมายเลขโทรศัพท์" in html
    done = client.post(url, {**ADULT, "phone": "๐๘๙-๑๒๓-๔๕๖๗"})
    assert done.status_code == 200 and "code" in done.context, done.context["form"].errors
    assert "ลงทะเบียน บุญมี ใจดี แล้ว: ยืนยันแล้ว" in done.content.decode()
    assert PaperRecord.objects.get().user.profile.phone == "+66891234567"
    assert done.context["code"] in done.content.decode()


@pytest.mark.django_db
def test_the_person_claims_the_record_as_their_own_account(client, event, coordinator, make_volunteer):
    signup, code = _walk_in(event, coordinator, ADULT)
    paper_user = signup.user
    somchai = make_volunteer("somchai", complete=False)
    client.force_login(somchai)
    wrong = client.post(reverse("events:claim"), {"code": "AAAAA-BBBBB"})
    assert wrong.status_code == 200 and "ไม่ถูกต้อง" in wrong.content.decode()
    response = client.post(reverse("events:claim"), {"code": code.lower()})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.user == somchai and signup.status == SignupStatus.CONFIRMED
    assert not type(paper_user).objects.filter(pk=paper_user.pk).exists(), "no duplicate person left"
    somchai.profile.refresh_from_db()
    assert somchai.profile.stated_age == 67 and somchai.profile.volunteer_group == VolunteerGroup.OPM
    again = client.post(reverse("events:claim"), {"code": code})
    assert "ไม่ถูกต้อง" in again.content.decode(), "a code works once"


@pytest.mark.django_db
def test_a_claim_never_makes_two_sign_ups_for_one_event(event, coordinator, make_volunteer):
    signup, code = _walk_in(event, coordinator, ADULT)
    somchai = make_volunteer("somchai")
    services.sign_up(somchai, event)
    with pytest.raises(services.SignupRefused):
        walk_ins.claim(code, somchai)
    signup.refresh_from_db()
    assert signup.user.paper_record, "refused: the record stays as it was"


@pytest.mark.django_db
def test_a_claim_code_expires_and_guessing_is_limited(event, coordinator, make_volunteer):
    signup, code = _walk_in(event, coordinator, ADULT)
    record = signup.user.paper_record
    record.claim_expires_at = timezone.now() - datetime.timedelta(seconds=1)
    record.save()
    guesser = make_volunteer("guesser")
    with pytest.raises(services.SignupRefused):
        walk_ins.claim(code, guesser)
    for _attempt in range(walk_ins.CLAIM_ATTEMPTS_PER_HOUR):
        with pytest.raises(services.SignupRefused):
            walk_ins.claim("ZZZZZ-ZZZZZ", guesser)
    record.claim_expires_at = timezone.now() + datetime.timedelta(days=1)
    record.save()
    with pytest.raises(services.SignupRefused, match="หลายครั้ง|Too many"):
        walk_ins.claim(code, guesser)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_walk_ins_and_online_sign_ups_at_once_never_overbook(make_event, make_volunteer, programme):
    """Real threads on PostgreSQL: the desk and the web queue on the same event lock."""
    event = make_event(capacity=6)
    desk = make_volunteer("desk")
    desk.groups.add(Group.objects.get(name="Coordinators"))
    programme.coordinators.add(desk)
    online = [make_volunteer(f"web{n}") for n in range(8)]
    details = [{**ADULT, "first_name": f"เดิน{n}", "stated_age": 40 + n} for n in range(8)]
    work = [lambda person=person: services.sign_up(person, event) for person in online]
    work += [lambda data=data: walk_ins.register_walk_in(event, data, desk) for data in details]
    random.Random(3).shuffle(work)
    _run_concurrently(work)
    confirmed, waiting = _invariants(event)
    assert len(confirmed) == 6 and len(waiting) == 10
    assert PaperRecord.objects.count() == 8
    on_paper = {signup.pk for signup in event.signups.filter(user__paper_record__isnull=False)}
    assert len(on_paper) == 8, "every walk-in holds a seat or a place in the queue"


def _both_count_the_seats_before_either_takes_one(monkeypatch):
    """The desk and the web each count the free seats, then wait (a few seconds at most) for the other
    to have counted too: without the event's lock both see the last seat free; with it the second
    cannot count until the first has committed, so the first waits alone and goes on."""
    counting = services.seat_counts
    meeting = threading.Barrier(2, timeout=5)

    def count_then_wait(event):
        seats = counting(event)
        try:
            meeting.wait()
        except threading.BrokenBarrierError:
            pass
        return seats

    monkeypatch.setattr(services, "seat_counts", count_then_wait)


def _desk_and_web_race_for_the_last_seat(make_event, make_volunteer, programme, monkeypatch):
    event = make_event(capacity=2)
    services.sign_up(make_volunteer("early"), event)
    desk = make_volunteer("desk")
    desk.groups.add(Group.objects.get(name="Coordinators"))
    programme.coordinators.add(desk)
    online = make_volunteer("web")
    _both_count_the_seats_before_either_takes_one(monkeypatch)
    _run_concurrently([lambda: services.sign_up(online, event), lambda: walk_ins.register_walk_in(event, ADULT, desk)])
    return event


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_walk_in_and_an_online_sign_up_for_the_last_seat_queue_on_one_lock(
    make_event, make_volunteer, programme, monkeypatch
):
    event = _desk_and_web_race_for_the_last_seat(make_event, make_volunteer, programme, monkeypatch)
    confirmed, waiting = _invariants(event)
    assert len(confirmed) == 2 and len(waiting) == 1, "one of them has the last seat, the other waits first in line"
    assert PaperRecord.objects.filter(user__signups__event=event).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_the_events_lock_the_same_race_overbooks(make_event, make_volunteer, programme, monkeypatch):
    """The control: the race above is real; without the row lock both take the last seat."""
    monkeypatch.setattr(services, "locked_event", lambda event: Event.objects.get(pk=event.pk))
    event = _desk_and_web_race_for_the_last_seat(make_event, make_volunteer, programme, monkeypatch)
    assert event.signups.filter(status=SignupStatus.CONFIRMED).count() == 3 > event.capacity

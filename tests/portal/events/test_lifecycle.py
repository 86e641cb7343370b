"""The paths between features, through the services: an event cancelled, its seats changed, a person
erased, a check-in undone; what each does to the seats, the messages, the certificate and the feed."""

import datetime

import pytest
from django.utils import timezone

from portal.accounts.services import erase_account
from portal.events import refusals, services
from portal.events.check_in_window import check_in_window
from portal.events.models import CalendarFeed, ChangeReason, EventStatus, Signup, SignupChange, SignupStatus
from portal.events.services import SignupRefused
from portal.notifications.models import Delivery

pytestmark = pytest.mark.django_db


def _refusal(callable_, *args, **kwargs):
    with pytest.raises(SignupRefused) as refused:
        callable_(*args, **kwargs)
    return refused.value.reason


def _kinds(user):
    return list(Delivery.objects.filter(recipient=user, channel="email").order_by("pk").values_list("kind", flat=True))


def _statuses(event):
    return {signup.user.username: signup.status for signup in event.signups.select_related("user")}


# --- cancelling an event -----------------------------------------------------------------------


def test_cancelling_an_event_cancels_every_active_sign_up_and_tells_each_person_once(
    event, make_volunteer, coordinator
):
    a, b, c, d = (make_volunteer(name) for name in "abcd")
    for person in (a, b, c, d):
        services.sign_up(person, event)  # two seats: a and b confirmed, c and d waiting
    services.cancel(Signup.objects.get(user=d), by=d)

    cancelled = services.cancel_event(event, by=coordinator)

    assert sorted(signup.user.username for signup in cancelled) == ["a", "b", "c"]
    assert _statuses(event) == {"a": "cancelled", "b": "cancelled", "c": "cancelled", "d": "cancelled"}
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    for person in (a, b, c):
        assert _kinds(person)[-1] == "event_cancelled" and _kinds(person).count("event_cancelled") == 1
        assert SignupChange.objects.filter(signup__user=person).last().reason == ChangeReason.EVENT_CANCELLED
    assert "event_cancelled" not in _kinds(d), "who had cancelled already is not told again"
    assert _refusal(services.cancel_event, event, coordinator) == "กิจกรรมนี้ถูกยกเลิกไปแล้ว"
    assert _refusal(services.sign_up, make_volunteer("late"), event) == "กิจกรรมนี้ถูกยกเลิกแล้ว"


def test_after_an_event_is_cancelled_nobody_is_checked_in_and_no_certificate_stands(
    event_today, make_volunteer, coordinator
):
    came, other = make_volunteer("came"), make_volunteer("other")
    checked_in, _ = services.check_in(services.sign_up(came, event_today), by=coordinator)
    confirmed = services.sign_up(other, event_today)
    services.cancel_event(event_today, by=coordinator)
    checked_in.refresh_from_db()
    assert (checked_in.checked_in_at, checked_in.certificate_code, checked_in.hours_credited) == (None, None, None)
    assert not checked_in.has_certificate
    assert "ยกเลิก" in _refusal(services.check_in, confirmed, coordinator)


def test_an_event_that_has_taken_place_cannot_be_cancelled_and_a_cancelled_one_stays_cancelled(make_event, coordinator):
    past = make_event(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        registration_opens_at=timezone.now() - datetime.timedelta(days=10),
    )
    assert _refusal(services.cancel_event, past, coordinator) == "กิจกรรมนี้จัดไปแล้ว จึงยกเลิกไม่ได้"
    upcoming = make_event()
    services.cancel_event(upcoming, by=coordinator)
    upcoming.refresh_from_db()
    assert refusals.event_status_problem(upcoming, EventStatus.PUBLISHED).startswith("กิจกรรมที่ยกเลิกแล้ว")


# --- changing the seats ------------------------------------------------------------------------


def test_more_seats_promote_the_people_waiting_longest_and_fewer_bump_nobody(event, make_volunteer, coordinator):
    people = [make_volunteer(f"p{number}") for number in range(5)]
    for person in people:
        services.sign_up(person, event)  # p0, p1 confirmed; p2, p3, p4 waiting in that order
    promoted = services.change_capacity(event, 4, by=coordinator)
    assert [signup.user.username for signup in promoted] == ["p2", "p3"]
    assert _kinds(people[2])[-1] == _kinds(people[3])[-1] == "signup_promoted"
    assert Signup.objects.get(user=people[4]).waitlist_position == 1

    assert services.change_capacity(event, 1, by=coordinator) == []
    assert _statuses(event) == {
        "p0": "confirmed",
        "p1": "confirmed",
        "p2": "confirmed",
        "p3": "confirmed",
        "p4": "waitlisted",
    }, "nobody loses a seat"
    services.cancel(Signup.objects.get(user=people[0]), by=coordinator)
    assert Signup.objects.get(user=people[4]).status == "waitlisted", "3 confirmed for 1 seat: nobody moves up"
    assert _refusal(services.change_capacity, event, -1, coordinator) == "จำนวนที่นั่งติดลบไม่ได้"


# --- erasing a person --------------------------------------------------------------------------


def test_erasing_a_person_frees_their_seats_promotes_the_next_and_tells_only_them(
    event, make_event, make_volunteer, coordinator, client
):
    leaving, waiting = make_volunteer("leaving"), make_volunteer("waiting")
    services.sign_up(make_volunteer("stays"), event)
    services.sign_up(leaving, event)
    services.sign_up(waiting, event)  # third on a two-seat event
    other_event = make_event()
    services.sign_up(leaving, other_event)
    feed = CalendarFeed.objects.create(user=leaving)
    assert client.get(f"/events/calendar/{feed.token}.ics").status_code == 200
    told_before = Delivery.objects.filter(recipient=leaving).count()

    erase_account(leaving)

    assert Signup.objects.get(user=leaving, event=event).status == SignupStatus.CANCELLED
    assert Signup.objects.get(user=leaving, event=other_event).status == SignupStatus.CANCELLED
    assert SignupChange.objects.filter(signup__user=leaving).last().reason == ChangeReason.ACCOUNT_ERASED
    assert Signup.objects.get(user=waiting).status == SignupStatus.CONFIRMED
    assert _kinds(waiting)[-1] == "signup_promoted"
    assert Delivery.objects.filter(recipient=leaving).count() == told_before, "the erased person is told nothing"
    assert client.get(f"/events/calendar/{feed.token}.ics").status_code == 404


def test_erasure_keeps_attendance_that_took_place(make_event, make_volunteer, coordinator):
    start = timezone.now() - datetime.timedelta(hours=2)
    today = make_event(
        starts_at=start,
        registration_opens_at=start - datetime.timedelta(days=5),
        registration_closes_at=timezone.now() + datetime.timedelta(hours=1),
    )
    person = make_volunteer("attended")
    signup, _ = services.check_in(services.sign_up(person, today), by=coordinator)
    erase_account(person)
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED and signup.checked_in_at and signup.hours_credited
    assert today.signups.filter(checked_in_at__isnull=False).count() == 1, "the anonymised person still counts"


# --- the note decides nothing ------------------------------------------------------------------


@pytest.mark.parametrize("note", ["approved", "promoted from the waitlist", "moved to the waitlist", "checked in"])
def test_a_rejection_tells_the_person_they_were_not_accepted_whatever_the_note_says(
    make_event, make_volunteer, coordinator, note
):
    event = make_event(requires_approval=True)
    person = make_volunteer("applicant")
    signup = services.sign_up(person, event)
    services.reject(signup, by=coordinator, note=note)
    assert _kinds(person) == ["signup_pending", "signup_rejected"]
    change = signup.changes.last()
    assert (change.reason, change.note) == (ChangeReason.REJECTED, note)
    assert _refusal(services.sign_up, person, event) == "ผู้ประสานงานไม่ได้รับการลงทะเบียนของคุณสำหรับกิจกรรมนี้"


def test_a_note_with_a_nul_character_is_kept_without_it(make_event, make_volunteer, coordinator):
    """PostgreSQL cannot store NUL in text: a note from a task or an import (the forms refuse it) still lands."""
    event = make_event(requires_approval=True)
    signup = services.sign_up(make_volunteer("applicant"), event)
    services.reject(signup, by=coordinator, note="ไม่ผ่าน\x00เกณฑ์")
    assert signup.changes.last().note == "ไม่ผ่านเกณฑ์"


# --- check-in: its window, its undo, the certificate ---------------------------------------------


def test_check_in_opens_two_hours_before_the_start_and_closes_at_the_end_of_the_last_day(
    make_event, make_volunteer, coordinator, settings
):
    start = timezone.now() + datetime.timedelta(days=14)
    event = make_event(starts_at=start)
    signup = services.sign_up(make_volunteer("early"), event)
    reason = _refusal(services.check_in, signup, coordinator)
    assert reason.startswith("เปิดให้ลงชื่อเข้าร่วม") and str(start.year + 543) in reason
    signup.refresh_from_db()
    assert signup.checked_in_at is None and signup.certificate_code is None, "no certificate weeks ahead"

    opens, closes = check_in_window(event)
    assert opens == start - datetime.timedelta(hours=2)
    assert timezone.localtime(closes) == timezone.localtime(event.ends_at).replace(
        hour=0, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=1)
    assert _refusal(services.check_in, signup, coordinator, now=opens - datetime.timedelta(minutes=1))
    assert services.check_in(signup, coordinator, now=opens)[0].checked_in_at == opens
    services.undo_check_in(signup, coordinator)
    closed = _refusal(services.check_in, signup, coordinator, now=closes)
    assert closed == "ปิดการลงชื่อเข้าร่วมแล้วเมื่อสิ้นวันสุดท้ายของกิจกรรม"
    assert services.check_in(signup, coordinator, now=closes - datetime.timedelta(seconds=1))[0].checked_in_at

    settings.CHECK_IN_OPENS_BEFORE = 30
    assert check_in_window(event)[0] == start - datetime.timedelta(minutes=30)


def test_undoing_a_check_in_withdraws_the_hours_and_the_certificate(client, event_today, make_volunteer, coordinator):
    person = make_volunteer("mistaken")
    signup, _ = services.check_in(services.sign_up(person, event_today), by=coordinator)
    code = signup.certificate_code
    assert client.get(f"/certificates/{code}/").status_code == 200

    services.undo_check_in(signup, by=coordinator)

    signup.refresh_from_db()
    assert (signup.checked_in_at, signup.hours_credited, signup.certificate_code) == (None, None, None)
    assert signup.changes.last().reason == ChangeReason.CHECK_IN_UNDONE
    verify = client.get(f"/certificates/{code}/")
    assert verify.status_code == 404 and "ไม่มีเกียรติบัตรที่ใช้ได้" in verify.content.decode()
    client.force_login(person)
    assert client.get(f"/events/signups/{signup.pk}/certificate.pdf").status_code == 404
    assert _refusal(services.undo_check_in, signup, coordinator) == "สมชาย mistaken ยังไม่ได้ลงชื่อเข้าร่วม"
    assert services.cancel(signup, coordinator)[0].status == "cancelled", "no longer checked in: may be cancelled"


def test_the_check_in_page_says_when_it_opens_and_offers_to_undo(
    client, event, event_today, make_volunteer, coordinator
):
    client.force_login(coordinator)
    early = client.get(f"/events/{event.pk}/check-in/").content.decode()
    assert "เปิดให้ลงชื่อเข้าร่วม" in early
    signup, _ = services.check_in(services.sign_up(make_volunteer("oops"), event_today), by=coordinator)
    page = client.get(f"/events/{event_today.pk}/check-in/", {"q": "oops"}).content.decode()
    assert f'name="undo" value="{signup.pk}"' in page
    response = client.post(f"/events/{event_today.pk}/check-in/", {"undo": signup.pk, "q": "oops"})
    assert response.status_code == 302 and response["Location"].endswith("?q=oops")
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    bogus = client.post(f"/events/{event_today.pk}/check-in/", {"undo": "x"}, follow=True)
    assert bogus.status_code == 200 and "คนนี้ไม่ได้ลงทะเบียนกิจกรรมนี้" in bogus.content.decode()


def test_moving_someone_to_the_waitlist_when_nobody_waits_is_refused(event, make_volunteer, coordinator):
    seated = services.sign_up(make_volunteer("seated"), event)
    reason = _refusal(services.move_to_waitlist, seated, coordinator)
    assert reason == "ไม่มีใครรอที่นั่งนี้ สมชาย seated จะได้ที่นั่งคืนทันที"
    seated.refresh_from_db()
    assert seated.status == SignupStatus.CONFIRMED and _kinds(seated.user) == ["signup_confirmed"]


def test_deleting_an_account_outright_frees_its_seats_too(event, make_volunteer):
    deleted, waiting = make_volunteer("deleted"), make_volunteer("waiting")
    services.sign_up(make_volunteer("stays"), event)
    services.sign_up(deleted, event)
    services.sign_up(waiting, event)
    deleted.delete()  # what the admin's user delete does
    assert Signup.objects.get(user=waiting).status == SignupStatus.CONFIRMED
    assert _kinds(waiting)[-1] == "signup_promoted"
    assert not Signup.objects.filter(user_id=deleted.pk).exists()

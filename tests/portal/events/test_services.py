import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.utils import timezone

from portal.accounts.models import VolunteerGroup
from portal.accounts.services import profile_of
from portal.events import qr, services
from portal.events.models import Activity, EventStatus
from portal.events.services import SignupRefused

pytestmark = pytest.mark.django_db


def _refusal(callable_, *args):
    with pytest.raises(SignupRefused) as refused:
        callable_(*args)
    return refused.value.reason


def test_seats_fill_then_the_waitlist_takes_over_in_order(event, make_volunteer):
    people = [make_volunteer(f"v{n}") for n in range(5)]
    signups = [services.sign_up(person, event) for person in people]
    assert [s.status for s in signups] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert [s.waitlist_position for s in signups] == [None, None, 1, 2, 3]


def test_cancelling_promotes_the_first_person_waiting_at_once(event, make_volunteer):
    a, b, c, d = (make_volunteer(n) for n in "abcd")
    first, _second, third, fourth = (services.sign_up(p, event) for p in (a, b, c, d))
    cancelled, promoted = services.cancel(first, by=a)
    assert cancelled.status == "cancelled"
    assert [s.pk for s in promoted] == [third.pk]
    third.refresh_from_db(), fourth.refresh_from_db()
    assert third.status == "confirmed" and fourth.waitlist_position == 1
    assert [c.to_status for c in third.changes.all()] == ["waitlisted", "confirmed"]


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"status": EventStatus.CANCELLED}, "กิจกรรมนี้ถูกยกเลิกแล้ว"),
        ({"status": EventStatus.DRAFT}, "กิจกรรมนี้ยังไม่เปิดรับลงทะเบียน"),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "ยังไม่เปิดรับลงทะเบียน"),
        (
            {
                "registration_closes_at": timezone.now() - datetime.timedelta(minutes=1),
                "registration_opens_at": timezone.now() - datetime.timedelta(days=2),
            },
            "ปิดรับลงทะเบียนแล้ว",
        ),
        (
            {"eligible_groups": ["opm", "partner"]},
            "กิจกรรมนี้สำหรับ: อาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์ (อพม.), ภาคีเครือข่าย",
        ),
        ({"min_age": 60}, "กิจกรรมนี้สำหรับผู้ที่มีอายุ 60 ปีขึ้นไป"),
        ({"max_age": 18}, "กิจกรรมนี้สำหรับผู้ที่มีอายุไม่เกิน 18 ปี"),
    ],
)
def test_every_refusal_has_a_clear_thai_reason_and_changes_nothing(event, make_volunteer, change, reason):
    for field, value in change.items():
        setattr(event, field, value)
    event.save()
    person = make_volunteer("p")
    assert _refusal(services.sign_up, person, event) == reason
    assert not event.signups.exists()


def test_account_problems_come_first_and_are_specific(event, make_volunteer):
    assert _refusal(services.sign_up, make_volunteer("u", verified=False), event) == (
        "โปรดยืนยันอีเมลก่อนลงทะเบียนร่วมกิจกรรม โดยเปิดลิงก์ที่เราส่งไปให้"
    )
    assert _refusal(services.sign_up, make_volunteer("c", complete=False), event) == "กรอกข้อมูลให้ครบก่อน"
    assert _refusal(services.sign_up, make_volunteer("n", consent=False), event) == "โปรดยอมรับประกาศความเป็นส่วนตัวก่อน"


def test_a_minor_needs_the_guardians_consent_then_can_register(event, make_volunteer):
    today = timezone.localdate()
    minor = make_volunteer("minor", born=today.replace(year=today.year - 15))
    assert _refusal(services.sign_up, minor, event) == "คุณอายุต่ำกว่า 20 ปี ผู้ปกครองต้องให้ความยินยอมก่อน"
    from portal.accounts.guardians import give_guardian_consent, request_guardian_consent

    request = request_guardian_consent(profile_of(minor), "สมศรี", "แม่", "+66898765432", "mother@example.org")
    give_guardian_consent(request, "สมศรี ใจดี")
    assert services.sign_up(minor, event).status == "confirmed"


def test_registering_twice_is_refused_and_harmless(event, make_volunteer):
    person = make_volunteer("twice")
    services.sign_up(person, event)
    assert _refusal(services.sign_up, person, event) == "คุณลงทะเบียนกิจกรรมนี้แล้ว"
    assert event.signups.count() == 1


def test_cancel_after_the_deadline_is_refused_for_the_volunteer_but_not_the_coordinator(event, make_volunteer):
    person, coordinator = make_volunteer("late"), make_volunteer("coord")
    signup = services.sign_up(person, event)
    event.cancellation_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    assert _refusal(services.cancel, signup, person) == "เลยกำหนดยกเลิกแล้ว โปรดติดต่อผู้ประสานงาน"
    signup.refresh_from_db()
    assert signup.status == "confirmed"
    assert services.cancel(signup, coordinator)[0].status == "cancelled"
    assert _refusal(services.cancel, signup, coordinator) == "การลงทะเบียนนี้ถูกยกเลิกไปแล้ว"


def test_a_cancelled_person_can_register_again(event, make_volunteer):
    person = make_volunteer("again")
    signup = services.sign_up(person, event)
    services.cancel(signup, person)
    assert services.sign_up(person, event).pk == signup.pk


def test_events_that_need_approval(make_event, make_volunteer):
    event = make_event(capacity=1, requires_approval=True)
    coordinator = make_volunteer("coord")
    first, second = (services.sign_up(make_volunteer(n), event) for n in ("x", "y"))
    assert first.status == second.status == "pending"
    assert services.approve(first, coordinator).status == "confirmed"
    assert services.approve(second, coordinator).status == "waitlisted"
    rejected, promoted = services.reject(first, coordinator, note="ไม่ตรงกลุ่มเป้าหมาย")
    assert rejected.status == "rejected" and [p.pk for p in promoted] == [second.pk]
    assert _refusal(services.approve, first, coordinator) == "อนุมัติได้เฉพาะผู้ที่รอการอนุมัติ"


def test_moving_to_the_waitlist_gives_the_seat_to_whoever_waited_longest(event, make_volunteer):
    coordinator = make_volunteer("coord")
    a, _b, c = (services.sign_up(make_volunteer(n), event) for n in "abc")
    moved, promoted = services.move_to_waitlist(a, coordinator)
    assert moved.status == "waitlisted" and moved.waitlist_position == 1
    assert [p.pk for p in promoted] == [c.pk]


def test_activities_are_chosen_from_the_event_and_respect_their_own_seats(event, make_event, make_volunteer):
    lecture = event.activities.get()
    lecture.capacity = 1
    lecture.save()
    services.sign_up(make_volunteer("first"), event, [lecture])
    assert _refusal(services.sign_up, make_volunteer("second"), event, [lecture]) == (
        "บรรยายศาสตร์พระราชา เต็มแล้ว โปรดเลือกกิจกรรมอื่น"
    )
    other = make_event()
    foreign = Activity.objects.create(event=other, title="อื่น", starts_at=other.starts_at, ends_at=other.ends_at)
    assert _refusal(services.sign_up, make_volunteer("third"), event, [foreign]) == "โปรดเลือกกิจกรรมของกิจกรรมนี้"


def test_check_in_by_qr_credits_hours_and_twice_is_harmless(event_today, make_volunteer):
    event = event_today
    coordinator = make_volunteer("coord")
    signup = services.sign_up(make_volunteer("attendee"), event)
    token = qr.check_in_token(signup)
    found = qr.signup_for_token(token)
    neighbour = services.sign_up(make_volunteer("neighbour"), event)
    assert found == signup and qr.signup_for_token(qr.check_in_token(neighbour)) == neighbour, "each QR is its own"
    checked, already = services.check_in(found, coordinator)
    assert not already and checked.checked_in_at and checked.hours_credited == Decimal("7.0")
    assert checked.certificate_code
    again, already = services.check_in(found, coordinator)
    assert already and again.checked_in_at == checked.checked_in_at
    assert _refusal(services.cancel, signup, signup.user) == "คุณได้ลงชื่อเข้าร่วมกิจกรรมนี้แล้ว"


def test_tampered_or_foreign_qr_tokens_are_refused(event, make_volunteer):
    signup = services.sign_up(make_volunteer("someone"), event)
    token = qr.check_in_token(signup)
    assert _refusal(qr.signup_for_token, token[:-2] + "xx") == "คิวอาร์โค้ดนี้ไม่ใช่ของระบบ หรือถูกแก้ไข"
    assert _refusal(qr.signup_for_token, str(signup.pk)) == "คิวอาร์โค้ดนี้ไม่ใช่ของระบบ หรือถูกแก้ไข"
    forged = signing.dumps(signup.pk, salt="another purpose", compress=True)
    assert _refusal(qr.signup_for_token, forged) == "คิวอาร์โค้ดนี้ไม่ใช่ของระบบ หรือถูกแก้ไข"


def test_only_confirmed_people_can_be_checked_in(event, make_volunteer):
    coordinator = make_volunteer("coord")
    services.sign_up(make_volunteer("a"), event), services.sign_up(make_volunteer("b"), event)
    waiting = services.sign_up(make_volunteer("c"), event)
    reason = _refusal(services.check_in, waiting, coordinator)
    assert "ไม่ได้รับการยืนยัน" in reason and waiting.checked_in_at is None


def test_group_of_the_volunteer_decides_eligibility(make_event, make_volunteer):
    event = make_event(eligible_groups=[VolunteerGroup.YOUTH])
    person = make_volunteer("youth")
    assert profile_of(person).volunteer_group == "youth"
    assert services.sign_up(person, event).status == "confirmed"

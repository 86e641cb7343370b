"""services.confirm_attendance: the volunteer's "I'll be there" on LINE (line_answers.py), and when
it counts (tests/portal/admin/test_will_come.py shows the count to the coordinator)."""

import datetime
import uuid

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.events import services
from portal.events.models import EventStatus, Signup, SignupStatus, attendance_confirmed

pytestmark = pytest.mark.django_db


def test_the_volunteer_confirms_once(make_event, make_volunteer):
    somchai = make_volunteer("somchai")
    signup = services.sign_up(somchai, make_event())
    signup, already = services.confirm_attendance(signup, by=somchai)
    assert not already and signup.attendance_confirmed
    first = signup.attendance_confirmed_at
    signup, already = services.confirm_attendance(signup, by=somchai)
    assert already and Signup.objects.get(pk=signup.pk).attendance_confirmed_at == first


@pytest.mark.parametrize("case", ["someone else", "waitlisted", "cancelled", "event cancelled", "event over"])
def test_what_cannot_be_confirmed_is_refused_and_unchanged(make_event, make_volunteer, case):
    somchai, somsri = make_volunteer("somchai"), make_volunteer("somsri")
    event = make_event(capacity=1)
    services.sign_up(somsri, event)
    signup = (
        services.sign_up(somchai, event) if case == "waitlisted" else services.sign_up(somchai, make_event(capacity=1))
    )
    by = somsri if case == "someone else" else somchai
    if case == "cancelled":
        services.cancel(signup, by=somchai)
    if case == "event cancelled":
        signup.event.status = EventStatus.CANCELLED
        signup.event.save()
    if case == "event over":
        signup.event.ends_at = timezone.now() - datetime.timedelta(minutes=1)
        signup.event.starts_at = signup.event.ends_at - datetime.timedelta(hours=3)
        signup.event.save()
    with pytest.raises(services.SignupRefused):
        services.confirm_attendance(signup, by=by)
    assert Signup.objects.get(pk=signup.pk).attendance_confirmed_at is None


OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["sign up", "cancel", "confirm", "to waitlist"]), st.integers(0, 2)), max_size=12
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_a_confirmation_counts_while_the_seat_it_was_given_for_lasts(make_event, make_volunteer, operations):
    """Whatever happens in between (cancel, register again, move to the waitlist and back), a person
    is counted when their seat is confirmed and they said they will come since it last changed."""
    event = make_event(capacity=2)
    people = [make_volunteer(f"p{uuid.uuid4().hex[:12]}") for _ in range(3)]
    said = {}  # person -> the status change they confirmed after, as the model of the rule
    for operation, index in operations:
        person = people[index]
        signup = Signup.objects.filter(event=event, user=person).first()
        try:
            if operation == "sign up":
                services.sign_up(person, event)
            elif signup and operation == "cancel":
                services.cancel(signup, by=person)
            elif signup and operation == "confirm":
                services.confirm_attendance(signup, by=person)
                said[person.pk] = signup.status_changed_at
            elif signup and operation == "to waitlist":
                services.move_to_waitlist(signup, by=None)
        except services.SignupRefused:
            pass
    expected = {
        signup.user_id
        for signup in Signup.objects.filter(event=event, status=SignupStatus.CONFIRMED)
        if said.get(signup.user_id) == signup.status_changed_at
    }
    counted = set(Signup.objects.filter(event=event).filter(attendance_confirmed()).values_list("user_id", flat=True))
    assert counted == expected == {s.user_id for s in Signup.objects.filter(event=event) if s.attendance_confirmed}

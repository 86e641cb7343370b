"""The sign-up rules as a state machine (hypothesis), on PostgreSQL: random sequences of sign up,
cancel, approve, reject (with any note), move to the waitlist, seats up and down, check in, undo a
check-in, erase an account, cancel the event, a coordinator's message, reminders and the worker
delivering; after every step the rules that must always hold are checked.

Run with a planted bug (the promotion removed from services.change_capacity) the machine finds it;
see docs/architecture.md for the sequence it shrank to."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from portal.accounts.services import erase_account
from portal.events import admin_messages, notices, reminders_now, services
from portal.events.models import ACTIVE_STATUSES, ChangeReason, Event, EventStatus, Signup, SignupChange, SignupStatus
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from tests.factories import EventFactory

PEOPLE = 5
R, S = ChangeReason, SignupStatus
# The one message each change calls for, by its reason (and new status); None: no message.
EXPECTED_KIND = {
    (R.SIGNED_UP, S.CONFIRMED): "signup_confirmed",
    (R.SIGNED_UP, S.WAITLISTED): "signup_waitlisted",
    (R.SIGNED_UP, S.PENDING): "signup_pending",
    (R.APPROVED, S.CONFIRMED): "signup_approved",
    (R.APPROVED, S.WAITLISTED): "signup_approved",
    (R.REJECTED, S.REJECTED): "signup_rejected",
    (R.PROMOTED, S.CONFIRMED): "signup_promoted",
    (R.MOVED_TO_WAITLIST, S.WAITLISTED): "signup_moved_to_waitlist",
    (R.CANCELLED_BY_PERSON, S.CANCELLED): "signup_cancelled",
    (R.CANCELLED_BY_COORDINATOR, S.CANCELLED): "signup_cancelled",
    (R.EVENT_CANCELLED, S.CANCELLED): "event_cancelled",
    (R.ACCOUNT_ERASED, S.CANCELLED): None,
}
NOTES = st.sampled_from(
    ["", "approved", "promoted from the waitlist", "moved to the waitlist", "checked in", "ไม่ตรงกลุ่มเป้าหมาย"]
) | st.text(max_size=30)
person = st.integers(min_value=0, max_value=PEOPLE - 1)
names = itertools.count()


def _open(machine):
    return machine.event.status != EventStatus.CANCELLED


def _someone_registered(machine):
    return _open(machine) and machine.event.signups.exists()


# Steps are spent where something can happen: on sign-ups there are, before the event is cancelled
# (which ends what can happen, so it comes only after a few steps, as erasures do).
while_open = precondition(_open)
with_sign_ups = precondition(_someone_registered)
after_a_while = precondition(lambda machine: _open(machine) and machine.steps >= 8)


class SignupRules(RuleBasedStateMachine):
    make_volunteer = None  # set by the test: the accounts fixture that makes a volunteer who may register
    programme = None

    @initialize(capacity=st.integers(min_value=0, max_value=3), approval=st.booleans())
    def an_event_starting_soon(self, capacity, approval):
        self.savepoint = transaction.savepoint()  # each example starts from the same database
        start = timezone.now() + datetime.timedelta(hours=1)  # check-in is open
        self.event = EventFactory(
            programme=self.programme,
            title="อบรม",
            starts_at=start,
            capacity=capacity,
            requires_approval=approval,
            registration_opens_at=start - datetime.timedelta(days=5),
            cancellation_deadline=start,
        )
        self.people = [self.make_volunteer(f"sm{next(names)}") for _ in range(PEOPLE)]
        self.coordinator = self.make_volunteer(f"smc{next(names)}")
        self.coordinator.groups.add(Group.objects.get(name="Coordinators"))
        self.programme.coordinators.add(self.coordinator)
        self.change_type = ContentType.objects.get_for_model(SignupChange)
        self.seen_change = SignupChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.over_capacity = 0  # confirmed beyond the seats after they were lowered: may only shrink
        self.queue = []  # the waitlist, in the order people joined it
        self.steps = 0

    def teardown(self):
        if hasattr(self, "savepoint"):
            transaction.savepoint_rollback(self.savepoint)

    # --- helpers ----------------------------------------------------------------------------

    def _signup(self, index):
        return Signup.objects.filter(event=self.event, user=self.people[index]).first()

    def _attempt(self, operation, *args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except services.SignupRefused:
            return None

    def _reasons_of(self, index):
        signup = self._signup(index)
        if signup is None:
            return []
        return list(signup.changes.filter(pk__gt=self.seen_change).values_list("reason", flat=True))

    def _pending(self):
        return list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True))

    # --- what people and coordinators do --------------------------------------------------------

    @while_open
    @rule(index=person)
    def sign_up(self, index):
        if self._attempt(services.sign_up, self.people[index], self.event):
            assert self._reasons_of(index) == [R.SIGNED_UP]

    @with_sign_ups
    @rule(index=person, by_self=st.booleans())
    def cancel(self, index, by_self):
        signup = self._signup(index)
        if signup and self._attempt(services.cancel, signup, self.people[index] if by_self else self.coordinator):
            assert self._reasons_of(index)[0] == (R.CANCELLED_BY_PERSON if by_self else R.CANCELLED_BY_COORDINATOR)

    @with_sign_ups
    @rule(index=person)
    def approve(self, index):
        signup = self._signup(index)
        if signup and self._attempt(services.approve, signup, self.coordinator):
            assert self._reasons_of(index)[0] == R.APPROVED

    @with_sign_ups
    @rule(index=person, note=NOTES)
    def reject(self, index, note):
        signup = self._signup(index)
        if signup and self._attempt(services.reject, signup, self.coordinator, note=note):
            assert self._reasons_of(index)[0] == R.REJECTED, "the note decides nothing"

    @with_sign_ups
    @rule(index=person)
    def move_to_waitlist(self, index):
        signup = self._signup(index)
        if signup and self._attempt(services.move_to_waitlist, signup, self.coordinator):
            assert self._reasons_of(index)[0] == R.MOVED_TO_WAITLIST

    @while_open
    @rule(capacity=st.integers(min_value=0, max_value=PEOPLE + 1))
    def change_capacity(self, capacity):
        if self._attempt(services.change_capacity, self.event, capacity, self.coordinator) is not None:
            self.event.refresh_from_db()
            confirmed = self.event.signups.filter(status=S.CONFIRMED).count()
            if confirmed > capacity:
                self.over_capacity = max(self.over_capacity, confirmed)

    @with_sign_ups
    @rule(index=person)
    def check_in(self, index):
        signup = self._signup(index)
        if signup:
            self._attempt(services.check_in, signup, self.coordinator)

    @with_sign_ups
    @rule(index=person)
    def undo_check_in(self, index):
        signup = self._signup(index)
        if signup:
            self._attempt(services.undo_check_in, signup, self.coordinator)

    @after_a_while
    @rule(index=person)
    def erase(self, index):
        user = self.people[index]
        if user.is_active:
            erase_account(user)
            user.refresh_from_db()

    @after_a_while
    @rule()
    def cancel_event(self):
        self._attempt(services.cancel_event, self.event, self.coordinator)
        self.event.refresh_from_db()

    @with_sign_ups
    @rule(everyone=st.booleans(), index=person, token=st.uuids())
    def coordinators_message(self, everyone, index, token):
        chosen = [] if everyone else [signup.pk for signup in [self._signup(index)] if signup]
        audience = admin_messages.audience(self.coordinator, chosen, self.event.pk if everyone else None)
        assert all(signup.is_active for signup in audience), "the audience is who is registered"
        notices.coordinator_message(audience, "ประกาศ", "ข้อความ", ["email"], token)

    @with_sign_ups
    @rule()
    def reminders_now(self):
        reminders_now.send_now(self.event)

    @rule(hours_later=st.sampled_from([0, 7]))
    def the_worker_delivers(self, hours_later):
        """The worker sends what is due (7 hours later: what a burst of changes held back too)."""
        signups = {signup.pk: signup for signup in self.event.signups.all()}
        latest = {}
        for change in (
            SignupChange.objects.filter(signup__event=self.event)
            .exclude(reason__in=[R.CHECKED_IN, R.CHECK_IN_UNDONE])
            .order_by("pk")
        ):
            latest[change.signup_id] = change.pk
        pending = self._pending()
        ledger.deliver(pending, now=timezone.now() + datetime.timedelta(hours=hours_later))
        for row in Delivery.objects.filter(pk__in=pending, status=DeliveryStatus.SENT):
            if row.kind == "reminder":
                assert signups[row.subject_id].status == S.CONFIRMED, "a reminder only to who is confirmed"
            elif row.kind == "coordinator_message":
                assert signups[row.subject_id].is_active, "no message to a sign-up no longer active"
            elif row.subject_type_id == self.change_type.pk:
                change = SignupChange.objects.get(pk=row.subject_id)
                assert latest[change.signup_id] == change.pk, "a change's message only while it is the latest"

    # --- what must always hold ------------------------------------------------------------------

    @invariant()
    def the_rules_hold(self):
        if not hasattr(self, "event"):
            return
        self.steps += 1
        self._seats_and_the_waitlist()
        self._each_change_is_told_as_its_reason_says()

    def _seats_and_the_waitlist(self):
        event = Event.objects.get(pk=self.event.pk)
        signups = list(event.signups.order_by("waitlisted_at", "pk"))
        confirmed = [signup for signup in signups if signup.status == S.CONFIRMED]
        waiting = [signup for signup in signups if signup.status == S.WAITLISTED]
        assert len(confirmed) <= max(event.capacity, self.over_capacity), "confirmed beyond the seats"
        self.over_capacity = len(confirmed) if len(confirmed) > event.capacity else 0
        if waiting:
            assert len(confirmed) >= event.capacity, "nobody waits while a seat is free"
        assert [signup.waitlist_position for signup in waiting] == list(range(1, len(waiting) + 1))
        # The waitlist keeps its order, and whoever moved up was first in it.
        now_waiting = [signup.pk for signup in waiting]
        promoted = set(
            SignupChange.objects.filter(signup__event=event, pk__gt=self.seen_change, reason=R.PROMOTED).values_list(
                "signup_id", flat=True
            )
        )
        still_queued = [pk for pk in self.queue if pk in now_waiting or pk in promoted]
        assert set(still_queued[: len(promoted)]) == promoted, "the people waiting longest move up first"
        kept = [pk for pk in self.queue if pk in now_waiting]
        assert now_waiting[: len(kept)] == kept, "the waitlist keeps its order"
        self.queue = now_waiting
        if event.status == EventStatus.CANCELLED:
            assert not [signup for signup in signups if signup.status in ACTIVE_STATUSES]
        for signup in signups:
            attended = signup.checked_in_at is not None
            assert attended == bool(signup.certificate_code) == (signup.hours_credited is not None)
            assert not attended or signup.status == S.CONFIRMED

    def _each_change_is_told_as_its_reason_says(self):
        for change in SignupChange.objects.filter(signup__event=self.event, pk__gt=self.seen_change).order_by("pk"):
            kinds = list(
                Delivery.objects.filter(subject_type=self.change_type, subject_id=change.pk, channel="email")
                .exclude(kind="guardian_notice")
                .values_list("kind", flat=True)
            )
            if change.reason in (R.CHECKED_IN, R.CHECK_IN_UNDONE):
                assert kinds == [] and change.from_status == change.to_status
                continue
            expected = EXPECTED_KIND[(change.reason, change.to_status)]
            assert kinds == ([expected] if expected else []), (change.reason, change.to_status, kinds)
            self.seen_change = change.pk


@pytest.mark.django_db
def test_the_sign_up_rules_hold_whatever_happens(make_volunteer, programme):
    SignupRules.make_volunteer = staticmethod(make_volunteer)
    SignupRules.programme = programme
    run_state_machine_as_test(
        SignupRules,
        settings=settings(
            max_examples=50,
            stateful_step_count=25,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )

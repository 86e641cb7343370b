"""Every rule about sign-ups: capacity, deadlines, the waitlist, check-in, and what an event's
cancellation or a person's erasure does to them. Each operation locks the event row, then the
sign-ups, in one transaction, so concurrent requests queue instead of overbooking. Views, the admin,
tasks and receivers call these; nothing else changes a Signup (tests/portal/events/test_one_place.py
looks). Why an operation is refused: eligibility.py (who may register), refusals.py (the others),
check_in_window.py (when). Each status change records its typed reason, from which notices.py
chooses what the person is told."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.services import registrant_profile

from . import notices, refusals
from .change_history import record_attendance_change, status_change
from .check_in_window import check_in_problem
from .eligibility import group_and_age_problems, registration_closed, sign_up_refusal
from .models import ACTIVE_STATUSES, CalendarFeed, ChangeReason, Event, EventStatus, Signup, SignupChange, SignupStatus
from .permissions import can_coordinate
from .signup_lookups import locked_event, locked_signup, person_name, seat_counts

ATTENDANCE_FIELDS = ("checked_in_at", "checked_in_by", "hours_credited", "certificate_code")


class SignupRefused(Exception):
    """The operation was not allowed; `reason` is a translated sentence for the person."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _change(signups, status, by, reason, note="", waiting_before=None):
    """Give each of `signups` the new status and record why; the messages the reason calls for
    become ledger rows in this transaction (enqueued when it commits). Returns the changes."""
    now = timezone.now()
    changes = []
    for signup in signups:
        changes.append(status_change(signup, status, by, now, reason, note))
        signup.status = status
        signup.status_changed_at = now
        signup.status_changed_by = by
        signup.waitlisted_at = now if status == SignupStatus.WAITLISTED else None
        signup.save()  # one by one: each save tells the page cache which event's seats changed
    SignupChange.objects.bulk_create(changes)
    notices.status_changed(changes, waiting_before)
    return changes


def _withdraw_attendance(signup):
    for name in ATTENDANCE_FIELDS:
        setattr(signup, name, None)


def sign_up(user, event, activities=(), by=None, override_reason=""):
    """Register `user` for `event`: confirmed while seats last, then waitlisted; pending when the
    event needs approval. Raises SignupRefused with the reason otherwise. What concerns only the
    person is asked before the event's lock; under it, only what decides the seat. An earlier
    sign-up (cancelled, say) is locked under it too; a first one is only inserted.
    A coordinator of the event (`by`, not the person) registers at the desk: until the event ends,
    without approval, and outside its groups or ages only with an `override_reason`, recorded."""
    activities = list(activities)
    at_the_desk = by is not None and by.pk != user.pk
    if at_the_desk and not can_coordinate(by, event):
        raise SignupRefused(_("Only a coordinator of this event can register someone else."))
    override_reason = override_reason.strip() if at_the_desk else ""
    # Read once, here: every check asks it, and the guardian notice and the language under the lock.
    user.profile = profile = registrant_profile(user)
    if refusal := sign_up_refusal(
        user, event, activities, at_the_desk, overriding=bool(override_reason), profile=profile
    ):
        raise SignupRefused(refusal)
    outside = bool(override_reason) and bool(group_and_age_problems(user, event, profile))
    note = (_("Outside the groups or ages: %(reason)s") % {"reason": override_reason})[:200] if outside else ""
    earlier = Signup.objects.filter(event=event, user=user).values_list("pk", flat=True).first()
    try:
        return _take_seat(user, event, activities, by or user, earlier, at_the_desk, note)
    except IntegrityError:  # the same person's second request, a moment too late
        raise SignupRefused(_("You are already registered for this event."))


@transaction.atomic
def _take_seat(user, event, activities, by, earlier, at_the_desk=False, note=""):
    event = locked_event(event)
    if problems := registration_closed(event, at_the_desk=at_the_desk):
        raise SignupRefused(problems[0])
    for activity in activities:
        if activity.capacity is not None and (
            activity.signups.filter(status=SignupStatus.CONFIRMED).count() >= activity.capacity
        ):
            raise SignupRefused(
                _("%(activity)s is full; choose other activities.") % {"activity": activity.display_title}
            )
    signup = Signup.objects.select_for_update().filter(pk=earlier).first() if earlier else None
    if signup and signup.is_active:
        raise SignupRefused(_("You are already registered for this event."))
    if signup and signup.status == SignupStatus.REJECTED:
        raise SignupRefused(_("The coordinator did not accept your registration for this event."))
    if signup is None:
        signup = Signup(event=event, user=user)
    signup.user = user  # the caller's object, whose profile is already read

    confirmed, waiting = seat_counts(event)
    status = (
        SignupStatus.PENDING
        if event.requires_approval and not at_the_desk
        else SignupStatus.CONFIRMED
        if confirmed < event.capacity
        else SignupStatus.WAITLISTED
    )
    signup.created_at = timezone.now()
    _change([signup], status, by, ChangeReason.SIGNED_UP, note=note, waiting_before=waiting)
    if activities or earlier:
        signup.activities.set(activities)
    return signup


@transaction.atomic
def change_activities(signup, activities, by):
    """Until the person may no longer cancel: the activity's seats and the guardian's choice hold."""
    event, signup = locked_signup(signup)
    if refusal := refusals.activities_refusal(signup, event, activities, by):
        raise SignupRefused(refusal)
    signup.activities.set(activities)
    return signup


def _promote_from_waitlist(event, by):
    """Fill free seats with the people waiting longest. The caller holds the event lock."""
    free = event.capacity - seat_counts(event)[0]
    if free <= 0:
        return []
    waiting = event.signups.select_for_update(of=("self",)).filter(status=SignupStatus.WAITLISTED)
    promoted = list(waiting.select_related("user", "event").order_by("waitlisted_at", "pk")[:free])
    _change(promoted, SignupStatus.CONFIRMED, by, ChangeReason.PROMOTED)
    return promoted


@transaction.atomic
def cancel(signup, by):
    """The volunteer (or a coordinator) cancels; the first people waiting get the freed seat at once.
    Returns (signup, promoted sign-ups)."""
    event, signup = locked_signup(signup)
    if not signup.is_active:
        raise SignupRefused(_("This registration is already cancelled."))
    is_volunteer = by is not None and by.pk == signup.user_id
    if refusal := refusals.cancel_refusal(signup, event, is_volunteer):
        raise SignupRefused(refusal)
    reason = ChangeReason.CANCELLED_BY_PERSON if is_volunteer else ChangeReason.CANCELLED_BY_COORDINATOR
    _change([signup], SignupStatus.CANCELLED, by, reason)
    return signup, _promote_from_waitlist(event, by)


@transaction.atomic
def approve(signup, by):
    """A coordinator accepts a pending sign-up: confirmed if a seat is free, else waitlisted."""
    event, signup = locked_signup(signup)
    if signup.status != SignupStatus.PENDING:
        raise SignupRefused(_("Only sign-ups waiting for approval can be approved."))
    status = SignupStatus.CONFIRMED if seat_counts(event)[0] < event.capacity else SignupStatus.WAITLISTED
    _change([signup], status, by, ChangeReason.APPROVED)
    return signup


@transaction.atomic
def reject(signup, by, note=""):
    """A coordinator does not accept a sign-up; `note` is kept for the record and decides nothing."""
    event, signup = locked_signup(signup)
    if refusal := refusals.reject_refusal(signup):
        raise SignupRefused(refusal)
    was_confirmed = signup.status == SignupStatus.CONFIRMED
    _change([signup], SignupStatus.REJECTED, by, ChangeReason.REJECTED, note=note[:200])
    promoted = _promote_from_waitlist(event, by) if was_confirmed else []
    return signup, promoted


@transaction.atomic
def move_to_waitlist(signup, by):
    """A coordinator gives a confirmed seat back: the person goes to the end of the waitlist, and
    whoever waited longest takes the seat."""
    event, signup = locked_signup(signup)
    if refusal := refusals.move_to_waitlist_refusal(signup, event, *seat_counts(event)):
        raise SignupRefused(refusal)
    _change([signup], SignupStatus.WAITLISTED, by, ChangeReason.MOVED_TO_WAITLIST)
    return signup, _promote_from_waitlist(event, by)


@transaction.atomic
def change_capacity(event, capacity, by):
    """New seats go at once to the people waiting longest. Fewer seats bump nobody: whoever is
    confirmed stays, and nobody new is confirmed until the count is below the new number.
    Returns the promoted sign-ups."""
    if capacity is None or capacity < 0:
        raise SignupRefused(_("The number of seats cannot be negative."))
    event = locked_event(event)
    event.capacity = capacity
    event.save(update_fields=["capacity", "updated_at"])
    return _promote_from_waitlist(event, by)


@transaction.atomic
def cancel_event(event, by):
    """Cancel the event and every active sign-up with it (reason "event cancelled"): one message to
    each person, no check-in and no certificate afterwards. Returns the cancelled sign-ups."""
    event = locked_event(event)
    problem = refusals.event_status_problem(event, EventStatus.CANCELLED)
    if event.status == EventStatus.CANCELLED:
        problem = _("This event is already cancelled.")
    if problem:
        raise SignupRefused(problem)
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    active = list(
        event.signups.select_for_update(of=("self",))
        .filter(status__in=ACTIVE_STATUSES)
        .select_related("user", "event")
        .order_by("pk")
    )
    for signup in active:
        _withdraw_attendance(signup)
    _change(active, SignupStatus.CANCELLED, by, ChangeReason.EVENT_CANCELLED)
    return active


@transaction.atomic
def edit_event(event, save_other_fields, capacity, status, by):
    """The admin's event form. Its other fields (times, place, activities ...) are saved by
    `save_other_fields()` under the event's lock; the seats go through change_capacity and a
    cancellation through cancel_event. Moving the event still tells everyone registered
    (portal.events.notices); cancelling it in the same save tells them only of the cancellation."""
    current = locked_event(event)
    problem = refusals.event_status_problem(current, status)
    if problem:
        raise SignupRefused(problem)
    event.capacity = current.capacity
    if status == EventStatus.CANCELLED and current.status != EventStatus.CANCELLED:
        cancel_event(current, by)
    else:
        event.status = status
    saved = save_other_fields()
    if capacity != current.capacity:
        change_capacity(saved, capacity, by)
        saved.refresh_from_db(fields=["capacity"])
    return saved


@transaction.atomic
def hand_over_signups(from_user, to_user):
    """The sign-ups of the record a coordinator made at the desk become the claimant's own, seats and
    attendance as they stand. Refused, changing nothing, when both have a sign-up for one event.
    Returns the sign-ups handed over."""
    event_ids = sorted(set(Signup.objects.filter(user=from_user).values_list("event_id", flat=True)))
    for event_id in event_ids:  # in id order, event before sign-up, as every operation here locks
        Event.objects.select_for_update().get(pk=event_id)
    if refusal := refusals.hand_over_refusal(to_user, event_ids):
        raise SignupRefused(refusal)
    moved = list(Signup.objects.select_for_update(of=("self",)).filter(user=from_user).order_by("pk"))
    for signup in moved:
        signup.user = to_user
        signup.save(update_fields=["user"])
    return moved


@transaction.atomic
def release_person(user, by=None):
    """For erasure (accounts sends erasing_person): cancel the person's active sign-ups of events
    that have not ended, each freeing its seat for the people waiting longest, who are told; the
    person is told nothing. Attendance already recorded stays, anonymised, for the reports. Their
    calendar feed goes, so its address answers 404. Returns the cancelled sign-ups."""
    releasable = Signup.objects.filter(
        user=user, status__in=ACTIVE_STATUSES, checked_in_at__isnull=True, event__ends_at__gt=timezone.now()
    )
    released = []
    # One event at a time in id order, event before sign-up, as every operation here locks.
    for event_id in sorted(set(releasable.values_list("event_id", flat=True))):
        event = Event.objects.select_for_update().get(pk=event_id)
        signup = releasable.select_for_update(of=("self",)).select_related("user", "event").filter(event=event).first()
        if signup is None:
            continue
        _change([signup], SignupStatus.CANCELLED, by, ChangeReason.ACCOUNT_ERASED)
        _promote_from_waitlist(event, by)  # a confirmed seat freed; a place in the queue frees none
        released.append(signup)
    CalendarFeed.objects.filter(user=user).delete()
    return released


@transaction.atomic
def fill_freed_seats(event_ids, by=None):
    """Seats freed without a cancellation (an account deleted outright, its sign-ups with it) go to
    the people waiting longest, who are told."""
    for event_id in sorted(event_ids):
        _promote_from_waitlist(Event.objects.select_for_update().get(pk=event_id), by)


@transaction.atomic
def check_in(signup, by, now=None):
    """Mark attendance, within the check-in window, and credit hours; the certificate becomes
    available. Checking in twice is harmless. Returns (signup, already_checked_in)."""
    event, signup = locked_signup(signup)
    if refusal := refusals.not_confirmed_refusal(signup):
        raise SignupRefused(refusal)
    if signup.checked_in_at:
        return signup, True
    problem = check_in_problem(event, now)
    if problem:
        raise SignupRefused(problem)
    signup.checked_in_at = now or timezone.now()
    signup.checked_in_by = by
    signup.hours_credited = event.credited_hours
    signup.certificate_code = Signup.new_certificate_code()
    signup.save(update_fields=ATTENDANCE_FIELDS)
    record_attendance_change(signup, by, ChangeReason.CHECKED_IN)
    return signup, False


@transaction.atomic
def undo_check_in(signup, by):
    """Undo a check-in made by mistake: the hours and the certificate are withdrawn (its
    verification address then says it is not valid) and the person can be checked in again."""
    _event, signup = locked_signup(signup)
    if not signup.checked_in_at:
        raise SignupRefused(_("%(name)s is not checked in.") % {"name": person_name(signup)})
    _withdraw_attendance(signup)
    signup.save(update_fields=ATTENDANCE_FIELDS)
    record_attendance_change(signup, by, ChangeReason.CHECK_IN_UNDONE)
    return signup


@transaction.atomic
def confirm_attendance(signup, by):
    """The volunteer says they will come (a reminder's "I'll be there" on LINE), counted for the
    coordinator. Saying it twice changes nothing. Returns (signup, already_confirmed)."""
    event, signup = locked_signup(signup)
    if refusal := refusals.attendance_confirmation_refusal(signup, event, by):
        raise SignupRefused(refusal)
    if signup.attendance_confirmed:
        return signup, True
    signup.attendance_confirmed_at = timezone.now()
    signup.save(update_fields=["attendance_confirmed_at"])
    return signup, False

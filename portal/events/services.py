"""Every rule about sign-ups lives here: eligibility, capacity, deadlines, the waitlist and
check-in. Each operation locks the event row first (then the sign-up), inside one transaction,
so concurrent requests queue up instead of overbooking. Views, the admin and tasks call these;
none of them changes a Signup directly."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.guardians import activity_kinds_refused
from portal.accounts.services import profile_of, registration_blockers

from . import messages
from .models import ACTIVE_STATUSES, ActivityKind, Event, EventStatus, Signup, SignupChange, SignupStatus

QR_SALT = "portal.events.check-in"


class SignupRefused(Exception):
    """The operation was not allowed; `reason` is a translated sentence for the person."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _locked_event(event):
    return Event.objects.select_for_update().get(pk=event.pk)


def _set_status(signup, status, by, note=""):
    previous = signup.status if signup.pk else ""
    now = timezone.now()
    signup.status = status
    signup.status_changed_at = now
    signup.status_changed_by = by
    signup.waitlisted_at = now if status == SignupStatus.WAITLISTED else None
    signup.save()
    change = SignupChange.objects.create(signup=signup, from_status=previous, to_status=status, changed_by=by, note=note)
    # The messages are ledger rows in this transaction, enqueued with transaction.on_commit.
    messages.signup_status_changed(signup, change)


def _confirmed_count(event):
    return event.signups.filter(status=SignupStatus.CONFIRMED).count()


def eligibility_problems(user, event, now=None):
    """Why `user` may not register for `event` now, as translated sentences; empty when they may."""
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        return [_("This event has been cancelled.")]
    if event.status != EventStatus.PUBLISHED:
        return [_("This event is not open for registration.")]
    if now < event.registration_opens_at:
        return [_("Registration has not opened yet.")]
    if now >= event.registration_closes_at:
        return [_("Registration has closed.")]
    problems = registration_blockers(user)
    if not user.is_authenticated:
        return problems
    profile = profile_of(user)
    if event.eligible_groups and profile.volunteer_group and profile.volunteer_group not in event.eligible_groups:
        problems.append(
            _("This event is for: %(groups)s.") % {"groups": ", ".join(str(label) for label in event.eligible_group_labels)}
        )
    age = profile.age(event.starts_at.date())
    if age is not None and event.min_age and age < event.min_age:
        problems.append(_("This event is for people aged %(age)s or older.") % {"age": event.min_age})
    if age is not None and event.max_age and age > event.max_age:
        problems.append(_("This event is for people aged %(age)s or younger.") % {"age": event.max_age})
    return problems


@transaction.atomic
def sign_up(user, event, activities=(), by=None):
    """Register `user` for `event`: confirmed while seats last, then waitlisted; pending when the
    event needs approval. Raises SignupRefused with the reason otherwise."""
    event = _locked_event(event)
    problems = eligibility_problems(user, event)
    if problems:
        raise SignupRefused(problems[0])
    activities = list(activities)
    if any(activity.event_id != event.pk for activity in activities):
        raise SignupRefused(_("Choose activities of this event."))
    for activity in activities:
        if activity.capacity is not None and (
            activity.signups.filter(status=SignupStatus.CONFIRMED).count() >= activity.capacity
        ):
            raise SignupRefused(_("%(activity)s is full; choose other activities.") % {"activity": activity.display_title})
    # A minor's guardian chose the kinds of activity they may take part in (all the event's, when none is chosen).
    kinds = {activity.kind for activity in (activities or event.activities.all())}
    if refused := activity_kinds_refused(user, kinds):
        labels = ", ".join(str(ActivityKind(kind).label) for kind in sorted(refused))
        raise SignupRefused(_("Your guardian has not agreed to these activities: %(kinds)s.") % {"kinds": labels})

    signup = Signup.objects.select_for_update().filter(event=event, user=user).first()
    if signup and signup.is_active:
        raise SignupRefused(_("You are already registered for this event."))
    if signup is None:
        signup = Signup(event=event, user=user)

    if event.requires_approval:
        status = SignupStatus.PENDING
    elif _confirmed_count(event) < event.capacity:
        status = SignupStatus.CONFIRMED
    else:
        status = SignupStatus.WAITLISTED
    signup.created_at = timezone.now()
    try:
        with transaction.atomic():
            _set_status(signup, status, by or user)
    except IntegrityError:  # the same person's second request, a moment too late
        raise SignupRefused(_("You are already registered for this event."))
    signup.activities.set(activities)
    return signup


def _promote_from_waitlist(event, by):
    """Fill free seats with the people waiting longest. The caller holds the event lock."""
    promoted = []
    free = event.capacity - _confirmed_count(event)
    waiting = event.signups.select_for_update().filter(status=SignupStatus.WAITLISTED).order_by("waitlisted_at", "pk")
    for signup in waiting[: max(free, 0)]:
        _set_status(signup, SignupStatus.CONFIRMED, by, note="promoted from the waitlist")
        promoted.append(signup)
    return promoted


def _locked_signup(signup):
    event = _locked_event(signup.event)
    return event, Signup.objects.select_for_update().select_related("event").get(pk=signup.pk)


@transaction.atomic
def cancel(signup, by):
    """The volunteer (or a coordinator) cancels; the first people waiting get the freed seat at once.
    Returns (signup, promoted sign-ups)."""
    event, signup = _locked_signup(signup)
    if not signup.is_active:
        raise SignupRefused(_("This registration is already cancelled."))
    is_volunteer = by is not None and by.pk == signup.user_id
    if is_volunteer and timezone.now() >= event.cancellation_deadline:
        raise SignupRefused(_("The deadline for cancelling has passed; please contact the coordinator."))
    if signup.checked_in_at:
        raise SignupRefused(_("You have already been checked in at this event."))
    _set_status(signup, SignupStatus.CANCELLED, by)
    return signup, _promote_from_waitlist(event, by)


@transaction.atomic
def approve(signup, by):
    """A coordinator accepts a pending sign-up: confirmed if a seat is free, else waitlisted."""
    event, signup = _locked_signup(signup)
    if signup.status != SignupStatus.PENDING:
        raise SignupRefused(_("Only sign-ups waiting for approval can be approved."))
    status = SignupStatus.CONFIRMED if _confirmed_count(event) < event.capacity else SignupStatus.WAITLISTED
    _set_status(signup, status, by, note="approved")
    return signup


@transaction.atomic
def reject(signup, by, note=""):
    event, signup = _locked_signup(signup)
    if signup.status not in ACTIVE_STATUSES:
        raise SignupRefused(_("This sign-up is not active."))
    if signup.checked_in_at:
        raise SignupRefused(_("This person has already been checked in."))
    was_confirmed = signup.status == SignupStatus.CONFIRMED
    _set_status(signup, SignupStatus.REJECTED, by, note=note[:200])
    promoted = _promote_from_waitlist(event, by) if was_confirmed else []
    return signup, promoted


@transaction.atomic
def move_to_waitlist(signup, by):
    """A coordinator gives a confirmed seat back: the person goes to the end of the waitlist, and
    whoever waited longest takes the seat."""
    event, signup = _locked_signup(signup)
    if signup.status != SignupStatus.CONFIRMED or signup.checked_in_at:
        raise SignupRefused(_("Only confirmed sign-ups not yet checked in can be moved to the waitlist."))
    _set_status(signup, SignupStatus.WAITLISTED, by, note="moved to the waitlist")
    return signup, _promote_from_waitlist(event, by)


def check_in_token(signup):
    """What the volunteer's QR code holds: a signed reference, not a guessable id."""
    return signing.dumps(signup.pk, salt=QR_SALT, compress=True)


def signup_for_token(token):
    try:
        pk = signing.loads(token, salt=QR_SALT)
    except signing.BadSignature:
        raise SignupRefused(_("This QR code is not one of ours, or it has been altered."))
    signup = Signup.objects.select_related("event", "user").filter(pk=pk).first()
    if signup is None:
        raise SignupRefused(_("This QR code belongs to a registration that no longer exists."))
    return signup


@transaction.atomic
def check_in(signup, by):
    """Mark attendance and credit hours; the certificate becomes available. Checking in twice is
    harmless. Returns (signup, already_checked_in)."""
    event, signup = _locked_signup(signup)
    if signup.status != SignupStatus.CONFIRMED:
        raise SignupRefused(
            _("%(name)s is not confirmed for this event (%(status)s).")
            % {"name": signup.user.get_full_name() or signup.user.email, "status": signup.get_status_display()}
        )
    if signup.checked_in_at:
        return signup, True
    signup.checked_in_at = timezone.now()
    signup.checked_in_by = by
    signup.hours_credited = event.credited_hours
    signup.certificate_code = Signup.new_certificate_code()
    signup.save(update_fields=["checked_in_at", "checked_in_by", "hours_credited", "certificate_code"])
    SignupChange.objects.create(signup=signup, from_status=signup.status, to_status=signup.status, changed_by=by,
                                note="checked in")
    return signup, False


@transaction.atomic
def confirm_attendance(signup, by):
    """The volunteer says they will come (a reminder's "I'll be there" on LINE), counted for the
    coordinator. Saying it twice changes nothing. Returns (signup, already_confirmed)."""
    event, signup = _locked_signup(signup)
    if by is None or by.pk != signup.user_id:
        raise SignupRefused(_("Only the volunteer can confirm that they will come."))
    if event.status == EventStatus.CANCELLED:
        raise SignupRefused(_("This event has been cancelled."))
    if timezone.now() >= event.ends_at:
        raise SignupRefused(_("This event is over."))
    if signup.status != SignupStatus.CONFIRMED:
        raise SignupRefused(_("Only a confirmed registration can be confirmed; yours is: %(status)s.")
                            % {"status": signup.get_status_display()})
    if signup.attendance_confirmed:
        return signup, True
    signup.attendance_confirmed_at = timezone.now()
    signup.save(update_fields=["attendance_confirmed_at"])
    return signup, False

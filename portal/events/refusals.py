"""Why an operation of services.py would be refused, as a translated sentence (None when it may go
on). Each is asked by services.py, under the operation's lock, and changes nothing; the admin asks
event_status_problem before saving a form. Who may register at all is eligibility.py's."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .eligibility import guardian_refusal
from .models import ACTIVE_STATUSES, EventStatus, Signup, SignupStatus


def event_status_problem(event, status, now=None):
    """Why the event may not take `status` now, as a translated sentence; None when it may."""
    now = now or timezone.now()
    if status == event.status:
        return None
    if event.status == EventStatus.CANCELLED:
        return _("A cancelled event stays cancelled: everyone registered has been told. Create a new event instead.")
    if status == EventStatus.CANCELLED and event.ends_at <= now:
        return _("This event has already taken place, so it cannot be cancelled.")
    if status == EventStatus.DRAFT and event.signups.filter(status__in=ACTIVE_STATUSES).exists():
        return _("People have registered for this event: cancel it instead of making it a draft.")
    return None


def activities_refusal(signup, event, activities, by):
    """Changing the chosen activities: until the person may no longer cancel, with the activity's seats
    and the guardian's choice holding."""
    if not signup.is_active or event.status != EventStatus.PUBLISHED:
        return _("This registration can no longer be changed.")
    if by.pk == signup.user_id and timezone.now() >= event.cancellation_deadline:
        return _("The deadline for changes has passed; please contact the coordinator.")
    if any(activity.event_id != event.pk for activity in activities):
        return _("Choose activities of this event.")
    for activity in activities:
        others = activity.signups.filter(status=SignupStatus.CONFIRMED).exclude(pk=signup.pk)  # theirs counts as theirs
        if activity.capacity is not None and others.count() >= activity.capacity:
            return _("%(activity)s is full; choose other activities.") % {"activity": activity.display_title}
    return guardian_refusal(signup.user, event, activities)


def attendance_confirmation_refusal(signup, event, by):
    """Only the volunteer confirms they will come, and only to a confirmed seat of an event to come."""
    if by is None or by.pk != signup.user_id:
        return _("Only the volunteer can confirm that they will come.")
    if event.status == EventStatus.CANCELLED:
        return _("This event has been cancelled.")
    if timezone.now() >= event.ends_at:
        return _("This event is over.")
    if signup.status != SignupStatus.CONFIRMED:
        return _("Only a confirmed registration can be confirmed; yours is: %(status)s.") % {
            "status": signup.get_status_display()
        }
    return None


def cancel_refusal(signup, event, is_volunteer):
    if is_volunteer and timezone.now() >= event.cancellation_deadline:
        return _("The deadline for cancelling has passed; please contact the coordinator.")
    if signup.checked_in_at:
        return _("You have already been checked in at this event.")
    return None


def not_confirmed_refusal(signup):
    """Check-in is for confirmed seats only."""
    if signup.status == SignupStatus.CONFIRMED:
        return None
    return _("%(name)s is not confirmed for this event (%(status)s).") % {
        "name": _name(signup),
        "status": signup.get_status_display(),
    }


def reject_refusal(signup):
    if signup.status not in ACTIVE_STATUSES:
        return _("This sign-up is not active.")
    if signup.checked_in_at:
        return _("This person has already been checked in.")
    return None


def move_to_waitlist_refusal(signup, event, confirmed, waiting):
    """A seat goes back only to someone waiting for it."""
    if signup.status != SignupStatus.CONFIRMED or signup.checked_in_at:
        return _("Only confirmed sign-ups not yet checked in can be moved to the waitlist.")
    if event.capacity - (confirmed - 1) > waiting:
        return _("Nobody is waiting for this seat: %(name)s would get it straight back.") % {"name": _name(signup)}
    return None


def hand_over_refusal(to_user, event_ids):
    """A record made at the desk is claimed only when the claimant holds no sign-up for its events."""
    clash = Signup.objects.filter(user=to_user, event_id__in=event_ids).select_related("event").first()
    if clash:
        return _(
            "You are registered for %(event)s yourself as well: ask the coordinator to cancel "
            "one of the two registrations first."
        ) % {"event": clash.event.display_title}
    return None


def _name(signup):
    return signup.user.get_full_name() or signup.user.email

"""A person changes the activities they will join after registering (My events), under the event's
lock as services.py takes it; beside services.py, which has no room left under 350 lines. It
changes no status and no seat of the event (tests/portal/events/test_one_place.py)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .eligibility import guardian_refusal
from .models import EventStatus, SignupStatus
from .services import SignupRefused, _locked_signup


def _refusal(signup, event, activities):
    if any(activity.event_id != event.pk for activity in activities):
        return _("Choose activities of this event.")
    for activity in activities:
        others = activity.signups.filter(status=SignupStatus.CONFIRMED).exclude(pk=signup.pk)  # theirs counts as theirs
        if activity.capacity is not None and others.count() >= activity.capacity:
            return _("%(activity)s is full; choose other activities.") % {"activity": activity.display_title}
    return guardian_refusal(signup.user, event, activities)


@transaction.atomic
def change_activities(signup, activities, by):
    """Until the person may no longer cancel: the activity's seats and the guardian's choice hold."""
    event, signup = _locked_signup(signup)
    if not signup.is_active or event.status != EventStatus.PUBLISHED:
        raise SignupRefused(_("This registration can no longer be changed."))
    if by.pk == signup.user_id and timezone.now() >= event.cancellation_deadline:
        raise SignupRefused(_("The deadline for changes has passed; please contact the coordinator."))
    if refusal := _refusal(signup, event, activities):
        raise SignupRefused(refusal)
    signup.activities.set(activities)
    return signup

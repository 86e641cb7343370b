"""Who may register for an event now: the checks services.sign_up makes (under the event's lock)
and the event page shows before anyone presses the button."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.guardians import activity_kinds_refused
from portal.accounts.services import profile_of, registration_blockers

from .models import ActivityKind, EventStatus, SignupStatus


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


def activities_problem(user, event, activities, signup=None):
    """Why `user` may not take part in each of `activities`, or None; asked under the event's lock.
    `signup`: theirs, whose place in an activity is already counted."""
    if any(activity.event_id != event.pk for activity in activities):
        return _("Choose activities of this event.")
    for activity in activities:
        taken = activity.signups.filter(status=SignupStatus.CONFIRMED).exclude(pk=getattr(signup, "pk", None))
        if activity.capacity is not None and taken.count() >= activity.capacity:
            return _("%(activity)s is full; choose other activities.") % {"activity": activity.display_title}
    return guardian_refusal(user, event, activities)


def guardian_refusal(user, event, activities):
    """A minor's guardian chose the kinds of activity they may take part in (all the event's, when
    none is chosen): why the chosen ones are not allowed, or None."""
    kinds = {activity.kind for activity in (activities or event.activities.all())}
    refused = activity_kinds_refused(user, kinds)
    if not refused:
        return None
    labels = ", ".join(str(ActivityKind(kind).label) for kind in sorted(refused))
    return _("Your guardian has not agreed to these activities: %(kinds)s.") % {"kinds": labels}

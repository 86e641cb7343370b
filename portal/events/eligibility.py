"""Who may register for an event now: the checks services.sign_up makes (under the event's lock)
and the event page shows before anyone presses the button."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.guardians import activity_kinds_refused
from portal.accounts.services import profile_of, registration_blockers

from .models import ActivityKind, EventStatus


def eligibility_problems(user, event, now=None, at_the_desk=False):
    """Why `user` may not register for `event` now, as translated sentences; empty when they may.
    `at_the_desk`: a coordinator registers them, which the event's registration period does not
    limit (walk-ins come on the day), only its end."""
    return registration_problems(user, event, now, at_the_desk) + group_and_age_problems(user, event)


def registration_problems(user, event, now=None, at_the_desk=False):
    """The problems no coordinator can override: the event's state and period, the person's account."""
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        return [_("This event has been cancelled.")]
    if event.status != EventStatus.PUBLISHED:
        return [_("This event is not open for registration.")]
    if at_the_desk:
        if now >= event.ends_at:
            return [_("This event is over.")]
    elif now < event.registration_opens_at:
        return [_("Registration has not opened yet.")]
    elif now >= event.registration_closes_at:
        return [_("Registration has closed.")]
    return registration_blockers(user)


def group_and_age_problems(user, event):
    """Whom the event is for: a coordinator may register someone else all the same, with a reason."""
    if not user.is_authenticated:
        return []
    problems = []
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


def guardian_refusal(user, event, activities):
    """A minor's guardian chose the kinds of activity they may take part in (all the event's, when
    none is chosen): why the chosen ones are not allowed, or None."""
    kinds = {activity.kind for activity in (activities or event.activities.all())}
    refused = activity_kinds_refused(user, kinds)
    if not refused:
        return None
    labels = ", ".join(str(ActivityKind(kind).label) for kind in sorted(refused))
    return _("Your guardian has not agreed to these activities: %(kinds)s.") % {"kinds": labels}

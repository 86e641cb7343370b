"""Who may register for an event now: the checks services.sign_up makes (the person's before the
event's lock, the event's again under it) and the event page shows before anyone presses the button."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.guardians import activity_kinds_refused
from portal.accounts.services import profile_of, registration_blockers

from .models import ActivityKind, EventStatus


def eligibility_problems(user, event, now=None):
    """Why `user` may not register for `event` now, as translated sentences; empty when they may."""
    if closed := registration_closed(event, now):
        return closed
    return registration_blockers(user) + group_and_age_problems(user, event)


def group_and_age_problems(user, event, profile=None):
    """Whom the event is for: a coordinator may register someone else all the same, with a reason."""
    if not user.is_authenticated:
        return []
    problems = []
    profile = profile or profile_of(user)
    if event.eligible_groups and profile.volunteer_group and profile.volunteer_group not in event.eligible_groups:
        problems.append(
            _("This event is for: %(groups)s.")
            % {"groups": ", ".join(str(label) for label in event.eligible_group_labels)}
        )
    age = profile.age(event.starts_at.date())
    if age is not None and event.min_age and age < event.min_age:
        problems.append(_("This event is for people aged %(age)s or older.") % {"age": event.min_age})
    if age is not None and event.max_age and age > event.max_age:
        problems.append(_("This event is for people aged %(age)s or younger.") % {"age": event.max_age})
    return problems


def registration_closed(event, now=None, at_the_desk=False):
    """Why nobody may register for `event` now (its status, its registration window), asked again
    under the event's lock from the row just locked; no query of its own. `at_the_desk`: a
    coordinator registers someone, which the registration window does not limit (walk-ins come
    on the day), only the event's end."""
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        return [_("This event has been cancelled.")]
    if event.status != EventStatus.PUBLISHED:
        return [_("This event is not open for registration.")]
    if at_the_desk:
        return [_("This event is over.")] if now >= event.ends_at else []
    if now < event.registration_opens_at:
        return [_("Registration has not opened yet.")]
    if now >= event.registration_closes_at:
        return [_("Registration has closed.")]
    return []


def sign_up_refusal(user, event, activities, at_the_desk=False, overriding=False, profile=None):
    """Why `user` may not register for `event` with `activities`, asked before the event's lock: the
    first reason, as a translated sentence, or None. `overriding`: a coordinator at the desk has
    given a reason to register them outside the event's groups or ages. `profile`: the person's,
    when the caller has read it (each check would read it again)."""
    profile = (profile or profile_of(user)) if user.is_authenticated else None
    problems = registration_closed(event, at_the_desk=at_the_desk) or registration_blockers(user, profile)
    if not overriding:
        problems = problems + group_and_age_problems(user, event, profile)
    if problems:
        return problems[0]
    if any(activity.event_id != event.pk for activity in activities):
        return _("Choose activities of this event.")
    return guardian_refusal(user, event, activities, profile)


def guardian_refusal(user, event, activities, profile=None):
    """A minor's guardian chose the kinds of activity they may take part in (all the event's, when
    none is chosen): why the chosen ones are not allowed, or None. An adult's are not looked up."""
    profile = profile or profile_of(user)
    if not profile.is_minor:
        return None
    kinds = {activity.kind for activity in (activities or event.activities.all())}
    refused = activity_kinds_refused(user, kinds, profile)
    if not refused:
        return None
    labels = ", ".join(str(ActivityKind(kind).label) for kind in sorted(refused))
    return _("Your guardian has not agreed to these activities: %(kinds)s.") % {"kinds": labels}

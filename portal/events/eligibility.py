"""Who may register for an event now: the checks services.sign_up makes (under the event's lock)
and the event page shows before anyone presses the button."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.services import profile_of, registration_blockers

from .models import EventStatus


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

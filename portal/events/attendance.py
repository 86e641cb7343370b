"""Who was there: people checked in, counted by volunteer group. Read by the after-event
announcement and the programme report. An erased person keeps their group, so still counts."""

from django.db.models import Count
from django.utils.translation import gettext as _

from portal.accounts.models import VolunteerGroup

from .models import Signup, SignupStatus

NOT_STATED = ""


def attended(events):
    """The sign-ups of `events` (a queryset or list of events) whose person was checked in."""
    return Signup.objects.filter(event__in=events, status=SignupStatus.CONFIRMED, checked_in_at__isnull=False)


def group_label(group):
    return str(VolunteerGroup(group).label) if group in VolunteerGroup.values else _("Group not stated")


def counts_by_group(signups):
    """{group: people} for these sign-ups, every volunteer group present (0 where nobody came)."""
    counts = dict.fromkeys(VolunteerGroup.values, 0)
    rows = signups.values("user__profile__volunteer_group").annotate(people=Count("user", distinct=True))
    for row in rows:
        group = row["user__profile__volunteer_group"] or NOT_STATED
        counts[group] = counts.get(group, 0) + row["people"]
    return counts


def event_attendance(event):
    """[(group label, people)] for the groups the event was for (or that came), and the total."""
    counts = counts_by_group(attended([event]))
    shown = [group for group in counts if counts[group] or group in (event.eligible_groups or [])]
    return [(group_label(group), counts[group]) for group in shown], sum(counts.values())

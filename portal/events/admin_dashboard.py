"""The coordinator's dashboard panel of the staff admin."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.components import Component

from portal.accounts.models import VolunteerGroup

from .models import SignupStatus, attendance_confirmed
from .permissions import coordinates_any, events_visible_to

# The OPM volunteers' full title would squeeze the table's other columns.
SHORT_GROUP_LABELS = {VolunteerGroup.OPM: pgettext_lazy("volunteer group, short", "OPM volunteer")}


class UpcomingEventsPanel(Component):
    """The coordinator's dashboard: their upcoming events with seats, waitlist, check-in progress
    and the participants by target group, the breakdown programme reports use. One query, however
    many events."""

    name = "upcoming_events"
    order = 50
    template_name = "events/admin/upcoming_events_panel.html"
    limit = 10

    def __init__(self, user):
        self.user = user

    def events(self):
        confirmed = Q(signups__status=SignupStatus.CONFIRMED)
        by_group = {
            f"group_{group}": Count("signups", filter=confirmed & Q(signups__user__profile__volunteer_group=group))
            for group in VolunteerGroup.values
        }
        events = list(
            events_visible_to(self.user)
            .filter(ends_at__gte=timezone.now())
            .exclude(status="cancelled")
            .annotate(
                confirmed_count=Count("signups", filter=confirmed),
                waitlist_count=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
                pending_count=Count("signups", filter=Q(signups__status=SignupStatus.PENDING)),
                checked_in_count=Count("signups", filter=confirmed & Q(signups__checked_in_at__isnull=False)),
                will_come_count=Count("signups", filter=attendance_confirmed("signups__")),
                **by_group,
            )
            .order_by("starts_at")[: self.limit]
        )
        for event in events:
            event.by_group = [getattr(event, f"group_{value}") for value in VolunteerGroup.values]
        return events

    def get_context_data(self, parent_context=None):
        return {
            "events": self.events(),
            "group_labels": [SHORT_GROUP_LABELS.get(value, label) for value, label in VolunteerGroup.choices],
            "signups_url": reverse("portal_events_signups:index"),
        }


def dashboard_panels(request, panels):
    if coordinates_any(request.user):
        panels.append(UpcomingEventsPanel(request.user))

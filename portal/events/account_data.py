"""What events tells accounts, which may not import it (design.md: imports point one way): what
taking part means when a guardian is asked to consent, and a person's part of "My data"."""

from decimal import Decimal

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.personal_data import Section, fact
from portal.accounts.signals import collecting_personal_data, describing_participation
from portal.thai.dates import format_date

from . import notices
from .models import ActivityKind, CalendarFeed, EventStatus, Programme, Signup, SignupStatus


@receiver(describing_participation, dispatch_uid="events.describe_participation")
def describe_participation(sender, **kwargs):
    running = (
        Programme.objects.filter(events__status=EventStatus.PUBLISHED, events__ends_at__gte=timezone.now())
        .distinct()
        .order_by("name")
    )
    return {
        "programmes": [programme.display_name for programme in running],
        "activity_kinds": list(ActivityKind.choices),
    }


@receiver(collecting_personal_data, dispatch_uid="events.personal_data")
def personal_data(sender, user, **kwargs):
    """The person's sign-ups (with their history, check-in, hours and certificate), their hours in
    all, and the secret address of their calendar feed."""
    statuses = dict(SignupStatus.choices)
    signups = (
        Signup.objects.filter(user=user)
        .select_related("event__programme")
        .prefetch_related("activities", "changes")
        .order_by("event__starts_at", "pk")
    )
    records, total = [], Decimal(0)
    for signup in signups:
        event = signup.event
        total += signup.hours_credited or 0
        history = [
            {"from": change.from_status, "to": change.to_status, "at": change.changed_at}
            for change in signup.changes.all()
        ]
        certificate = signup.certificate_code
        records.append(
            [
                fact("event", _("Event"), event.display_title),
                fact("programme", _("Programme"), event.programme.display_name),
                fact("starts_at", _("When"), event.starts_at, notices.when(event)),
                fact("place", _("Place"), notices.where(event)),
                fact("status", _("Status"), signup.status, signup.get_status_display()),
                fact("activities", _("Activities"), [activity.display_title for activity in signup.activities.all()]),
                fact("signed_up_at", _("Signed up"), signup.created_at),
                fact(
                    "status_history",
                    _("Changes"),
                    history,
                    "; ".join(
                        f"{format_date(change['at'], 'datetime')} {statuses.get(change['to'], change['to'])}"
                        for change in history
                    ),
                ),
                fact("attendance_confirmed_at", _("Will come (LINE)"), signup.attendance_confirmed_at),
                fact("checked_in_at", _("Checked in"), signup.checked_in_at),
                fact("hours", _("Volunteer hours"), signup.hours_credited),
                fact("certificate_code", _("Certificate code"), certificate),
                fact(
                    "certificate_check",
                    _("Anyone with the code can check the certificate at"),
                    settings.SITE_URL + reverse("certificate_verify", args=[certificate]) if certificate else "",
                ),
            ]
        )
    feed = CalendarFeed.objects.filter(user=user).first()
    feed_url = settings.SITE_URL + reverse("events:personal_calendar", args=[feed.token]) if feed else ""
    return {
        "sections": [
            Section("signups", _("Sign-ups"), records),
            Section("hours", _("Volunteer hours"), [[fact("total", _("Hours credited in all"), total)]], many=False),
            Section(
                "calendar_feed",
                _("Your calendar address"),
                [[fact("url", _("Secret address of your calendar"), feed_url)]],
                many=False,
            ),
        ],
        "activity_labels": {value: str(label) for value, label in ActivityKind.choices},
    }

"""Exporters: each list the coordinators file becomes columns and a stream of rows of typed
values (str, int, Decimal, date, datetime in Bangkok time). Writers in writers.py turn them
into CSV, XLSX or PDF, so every format shows the same thing."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import VolunteerGroup
from portal.events.models import ACTIVE_STATUSES, Signup, SignupStatus
from portal.thai.dates import format_date

# Rows fetched per query: large enough to keep round trips few, small enough to keep memory flat.
CHUNK_SIZE = 2000

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    number_format: str | None = None


def _local(value):
    """Excel cells cannot hold a time zone: datetimes become naive Bangkok time."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None)


def _be_text(value, style):
    return format_date(value, style) if value else ""


class SignupExporter:
    """The sign-up list: one row per sign-up, for any filtered queryset of sign-ups.

    Each date comes twice: a real date cell (sortable, filterable, CE because no number format
    shows Buddhist Era years in every spreadsheet program) and the same date as Thai BE text."""

    columns = (
        Column(_("No."), 6),
        Column(_("First name"), 18),
        Column(_("Last name"), 18),
        Column(_("Nickname"), 12),
        Column(_("Volunteer group"), 22),
        Column(_("Phone"), 14),
        Column(_("Address"), 40),
        Column(_("Event"), 36),
        Column(_("Event date"), 12, DATE_FORMAT),
        Column(_("Event date (B.E.)"), 14),
        Column(_("Activities"), 36),
        Column(_("Status"), 18),
        Column(_("Signed up at"), 17, DATETIME_FORMAT),
        Column(_("Signed up at (B.E.)"), 22),
        Column(_("Checked in at"), 17, DATETIME_FORMAT),
        Column(_("Checked in at (B.E.)"), 22),
        Column(_("Hours"), 8, "0.0"),
    )

    def __init__(self, queryset):
        self.queryset = queryset.select_related("event", "user__profile").prefetch_related("activities").order_by(
            "event__starts_at", "event_id", "user__first_name", "user__last_name", "pk"
        )

    def count(self):
        return self.queryset.count()

    def rows(self):
        statuses = dict(SignupStatus.choices)
        groups = dict(VolunteerGroup.choices)
        for number, signup in enumerate(self.queryset.iterator(chunk_size=CHUNK_SIZE), start=1):
            user, event = signup.user, signup.event
            profile = getattr(user, "profile", None)
            event_day = timezone.localtime(event.starts_at).date()
            signed_up, checked_in = _local(signup.created_at), _local(signup.checked_in_at)
            yield (
                number,
                user.first_name,
                user.last_name,
                profile.nickname if profile else "",
                str(groups.get(profile.volunteer_group, "")) if profile else "",
                profile.phone_display if profile else "",
                profile.address_display if profile else "",
                event.display_title,
                event_day,
                _be_text(event_day, "short"),
                ", ".join(activity.display_title for activity in signup.activities.all()),
                str(statuses.get(signup.status, signup.status)),
                signed_up,
                _be_text(signed_up, "datetime"),
                checked_in,
                _be_text(checked_in, "datetime"),
                signup.hours_credited,
            )


class SignInSheetExporter:
    """The people expected at an event (confirmed sign-ups), for the paper sign-in sheet."""

    columns = (Column(_("No."), 6), Column(_("Name"), 40), Column(_("Volunteer group"), 30))

    def __init__(self, event):
        self.event = event
        self.queryset = (
            Signup.objects.filter(event=event, status=SignupStatus.CONFIRMED)
            .select_related("user__profile")
            .order_by("user__first_name", "user__last_name", "pk")
        )

    def count(self):
        return self.queryset.count()

    def rows(self):
        groups = dict(VolunteerGroup.choices)
        titles = None
        for number, signup in enumerate(self.queryset.iterator(chunk_size=CHUNK_SIZE), start=1):
            profile = getattr(signup.user, "profile", None)
            if titles is None:
                titles = dict(type(profile)._meta.get_field("title").choices) if profile else {}
            title = str(titles.get(profile.title, "")) if profile else ""
            name = f"{title}{signup.user.first_name} {signup.user.last_name}".strip()
            yield number, name, str(groups.get(profile.volunteer_group, "")) if profile else ""


def _counts(prefix=""):
    """Active sign-ups, confirmed and checked in, counted by the database; `prefix` reaches Signup."""
    return {
        "signed_up": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status__in": ACTIVE_STATUSES})),
        "confirmed": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": SignupStatus.CONFIRMED})),
        "checked_in": Count(f"{prefix}pk", filter=Q(**{f"{prefix}checked_in_at__isnull": False})),
    }


class EventSummaryExporter:
    """Attendance of one event by volunteer group and by activity, with hours: what a programme
    report needs. Two small tables, each a header and rows, plus a total row."""

    group_columns = (
        Column(_("Volunteer group"), 40),
        Column(_("Signed up"), 12),
        Column(_("Confirmed"), 12),
        Column(_("Checked in"), 12),
        Column(_("Volunteer hours"), 16, "0.0"),
    )
    activity_columns = (
        Column(_("Activity"), 40),
        Column(_("Signed up"), 12),
        Column(_("Confirmed"), 12),
        Column(_("Checked in"), 12),
        Column(_("Volunteer hours"), 16, "0.0"),
    )

    def __init__(self, event):
        self.event = event

    def group_rows(self):
        by_group = {
            row["user__profile__volunteer_group"] or "": row
            for row in Signup.objects.filter(event=self.event)
            .values("user__profile__volunteer_group")
            .annotate(**_counts(), hours=Sum("hours_credited", filter=Q(checked_in_at__isnull=False)))
        }
        labelled = [(value, str(label)) for value, label in VolunteerGroup.choices]
        if "" in by_group:
            labelled.append(("", str(_("Not stated"))))
        rows = [self._row(label, by_group.get(value)) for value, label in labelled]
        return rows + [self._total(rows)]

    def activity_rows(self):
        activities = self.event.activities.annotate(**_counts(prefix="signups__")).order_by("order", "starts_at")
        rows = []
        for activity in activities:
            length = (activity.ends_at - activity.starts_at).total_seconds() / 3600
            hours = round(activity.checked_in * length, 1)
            rows.append(
                (activity.display_title, activity.signed_up, activity.confirmed, activity.checked_in, hours)
            )
        return rows + [self._total(rows)] if rows else rows

    @staticmethod
    def _row(label, counts):
        if counts is None:
            return (label, 0, 0, 0, 0)
        return (label, counts["signed_up"], counts["confirmed"], counts["checked_in"], counts["hours"] or 0)

    @staticmethod
    def _total(rows):
        return (str(_("Total")), *(sum(row[index] for row in rows) for index in range(1, 5)))

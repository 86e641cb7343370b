"""Exporters: each list the coordinators file becomes columns and a stream of rows of typed
values (str, int, Decimal, date, datetime in Bangkok time). Writers in writers.py turn them
into CSV, XLSX or PDF, so every format shows the same thing."""

import itertools
from dataclasses import dataclass

from django.db.models import Count, F, Lookup, Q, Sum
from django.db.models.lookups import In
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.accounts.contacts import contact_text, guardians_of
from portal.accounts.models import Profile, Title, VolunteerGroup, age_on
from portal.events.models import ACTIVE_STATUSES, Activity, Event, Signup, SignupStatus
from portal.thai.collation import in_thai_order
from portal.thai.dates import format_date
from portal.thai.phones import display_phone

# Rows fetched per query: large enough to keep round trips few, small enough to keep memory flat.
CHUNK_SIZE = 2000

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    """`printed`: on the paper an office files (the others stay in the workbook, folded away, for sorting
    and filtering); `wrap`: long text wraps within the column's width instead of running under the next."""

    header: str
    width: int = 14
    number_format: str | None = None
    printed: bool = True
    wrap: bool = False


class SignupExporter:
    """The sign-up list: one row per sign-up, for any filtered queryset of sign-ups.

    Each date comes twice: a real date cell (sortable, filterable, CE because no number format
    shows Buddhist Era years in every spreadsheet program) and the same date as Thai BE text; an
    event's first and last days as dates, and its days in words (portal.thai.dates.format_span)."""

    # Widths fit A4 landscape at a readable size when only the printed columns print; the event is named
    # in the title rows above them.
    columns = (
        Column(_("No."), 5),
        Column(pgettext_lazy("before a name", "Title"), 12),
        Column(_("First name"), 14, wrap=True),
        Column(_("Last name"), 14, wrap=True),
        Column(_("Nickname"), 10, wrap=True),
        Column(_("Volunteer group"), 14, wrap=True),
        Column(_("Age"), 5),
        Column(_("Phone"), 12),
        Column(_("Guardian or emergency contact"), 28, wrap=True),
        Column(_("Address"), 40, printed=False),
        Column(_("Event"), 36, printed=False),
        Column(_("Event date"), 12, DATE_FORMAT, printed=False),
        Column(_("Event's last day"), 12, DATE_FORMAT, printed=False),
        Column(_("Event date (B.E.)"), 24, printed=False),
        Column(_("Activities"), 28, wrap=True),
        Column(_("Status"), 12, wrap=True),
        Column(_("Signed up at"), 17, DATETIME_FORMAT, printed=False),
        Column(_("Signed up at (B.E.)"), 22, printed=False),
        Column(_("Checked in at"), 17, DATETIME_FORMAT, printed=False),
        Column(_("Checked in at (B.E.)"), 22, wrap=True),
        Column(_("Hours"), 6, "0.0"),
    )

    # Plain values, not model instances: at 50,000 rows building models takes most of the time.
    FIELDS = (
        "pk",
        "event_id",
        "user_id",
        "user__profile__title",
        "user__first_name",
        "user__last_name",
        "user__profile__nickname",
        "user__profile__volunteer_group",
        "user__profile__date_of_birth",
        "user__profile__stated_age",
        "user__profile__phone",
        "user__profile__emergency_contact_name",
        "user__profile__emergency_contact_relation",
        "user__profile__emergency_contact_phone",
        "user__profile__village_number",
        "user__profile__village_name",
        "user__profile__province_code",
        "user__profile__district_code",
        "user__profile__subdistrict_code",
        "status",
        "created_at",
        "checked_in_at",
        "hours_credited",
    )

    def __init__(self, queryset):
        self.queryset = queryset.order_by(
            "event__starts_at", "event_id", *in_thai_order("user__first_name", "user__last_name"), "pk"
        )

    def count(self):
        return self.queryset.count()

    def heading(self):
        """The title rows: the list of one event names it; a list of several says when it was made."""
        event_ids = list(self.queryset.order_by().values_list("event_id", flat=True).distinct()[:2])
        if len(event_ids) == 1:
            return event_heading(_("Sign-ups"), Event.objects.get(pk=event_ids[0]))
        return [str(_("Sign-ups")), str(_("Exported %(date)s") % {"date": format_date(timezone.now(), "datetime")})]

    def rows(self):
        language = translation.get_language()
        bangkok = timezone.get_current_timezone()
        statuses = {value: str(label) for value, label in SignupStatus.choices}
        groups = {value: str(label) for value, label in VolunteerGroup.choices}
        titles = {value: str(label) for value, label in Title.choices}
        events, activity_titles, activity_order, addresses, activity_texts, be_texts = {}, {}, {}, {}, {}, {}

        def local(value):
            return value.astimezone(bangkok).replace(tzinfo=None) if value else None

        def be_text(value):
            # Sign-ups come in rushes and check-ins at the door: many rows share a minute, formatted once.
            if not value:
                return ""
            minute = value.replace(second=0, microsecond=0)
            if minute not in be_texts:
                if len(be_texts) > 10_000:
                    be_texts.clear()  # memory stays flat however long the list
                be_texts[minute] = format_date(minute, "datetime", language)
            return be_texts[minute]

        def activities_text(activity_ids):
            if activity_ids not in activity_texts:
                activity_texts[activity_ids] = ", ".join(activity_titles[pk] for pk in activity_ids)
            return activity_texts[activity_ids]

        def event_columns(event_id):
            if event_id not in events:
                event = Event.objects.get(pk=event_id)
                events[event_id] = (
                    event.display_title,
                    local(event.starts_at).date(),
                    local(event.ends_at).date(),
                    event.short_days_display,
                )
            return events[event_id]

        def age(event_id, born, stated):
            return age_on(born, event_columns(event_id)[1]) if born else stated

        def address(village_number, village_name, *area_codes):
            # People of one event mostly share a few villages: each address is composed once.
            key = (village_number, village_name, *area_codes)
            if key not in addresses:
                province, district, subdistrict = (code or "" for code in area_codes)
                addresses[key] = Profile(
                    village_number=village_number,
                    village_name=village_name or "",
                    province_code=province,
                    district_code=district,
                    subdistrict_code=subdistrict,
                ).address_display
            return addresses[key]

        number = 0
        for chunk in _chunks(self.queryset.values_list(*self.FIELDS).iterator(chunk_size=CHUNK_SIZE)):
            chosen = _activities_of([row[0] for row in chunk])
            guardians = guardians_of(condition=_AnyOf(F("profile__user_id"), [row[2] for row in chunk]))
            missing = {pk for pks in chosen.values() for pk in pks} - activity_titles.keys()
            for activity in Activity.objects.filter(pk__in=missing):
                activity_titles[activity.pk] = activity.display_title
                activity_order[activity.pk] = (activity.order, activity.starts_at)
            for picked in chosen.values():
                if len(picked) > 1:
                    picked.sort(key=activity_order.__getitem__)
            for (
                _pk,
                event_id,
                user_id,
                title,
                first_name,
                last_name,
                nickname,
                group,
                born,
                stated,
                phone,
                contact_name,
                contact_relation,
                contact_phone,
                village_number,
                village_name,
                province,
                district,
                subdistrict,
                status,
                created_at,
                checked_in_at,
                hours,
            ) in chunk:
                number += 1
                signed_up, checked_in = local(created_at), local(checked_in_at)
                contact = guardians.get(user_id) or (contact_name, contact_relation, contact_phone)
                yield (
                    number,
                    titles.get(title, ""),
                    first_name,
                    last_name,
                    nickname or "",
                    groups.get(group, ""),
                    age(event_id, born, stated),
                    display_phone(phone or ""),
                    contact_text(*contact),
                    address(village_number, village_name, province, district, subdistrict),
                    *event_columns(event_id),
                    activities_text(tuple(chosen.get(_pk, ()))),
                    statuses.get(status, status),
                    signed_up,
                    be_text(signed_up),
                    checked_in,
                    be_text(checked_in),
                    hours,
                )


def event_heading(what, event):
    """Title rows of a list of one event: what it is with the event's name, then its days and place."""
    place = " ".join(part for part in (event.place_name, event.area_display) if part)
    return [f"{what}: {event.display_title}", f"{event.span_display} · {place}"]


def _chunks(iterator):
    while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
        yield chunk


class _AnyOf(Lookup):
    """`field = ANY(%s)` with the chunk's ids as one array parameter: `__in` would prepare and send
    2,000 parameters, which took three times as long as the query on the link table itself."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":  # the demo's SQLite
            return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


def _activities_of(signup_ids):
    """{signup id: [activity ids]} for one chunk of sign-ups, in one query on the link table alone."""
    chosen = {}
    links = Signup.activities.through.objects.filter(_AnyOf(F("signup_id"), signup_ids)).values_list(
        "signup_id", "activity_id"
    )
    for signup_id, activity_id in links:
        chosen.setdefault(signup_id, []).append(activity_id)
    return chosen


def _counts(prefix=""):
    """Active sign-ups, confirmed and checked in, counted by the database; `prefix` reaches Signup."""
    return {
        "signed_up": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status__in": ACTIVE_STATUSES})),
        "confirmed": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": SignupStatus.CONFIRMED})),
        "checked_in": Count(f"{prefix}pk", filter=Q(**{f"{prefix}checked_in_at__isnull": False})),
    }


class EventSummaryExporter:
    """Attendance of one event by volunteer group and by activity, with hours: what a programme
    report needs. Two small tables, each a header and rows, plus a total row that counts people
    (each once, however many activities they chose)."""

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
            # Check-in is per event: whoever checked in is counted at each activity they chose.
            length = (activity.ends_at - activity.starts_at).total_seconds() / 3600
            hours = round(activity.checked_in * length, 1)
            rows.append((activity.display_title, activity.signed_up, activity.confirmed, activity.checked_in, hours))
        if not rows:
            return rows
        # People choose several activities: the total counts each person once, the hours add up.
        chose = Signup.activities.through.objects.filter(activity__event=self.event).values("signup_id")
        people = Signup.objects.filter(event=self.event, pk__in=chose).aggregate(**_counts())
        hours = round(sum(row[4] for row in rows), 1)
        return rows + [(str(_("Total")), people["signed_up"], people["confirmed"], people["checked_in"], hours)]

    @staticmethod
    def _row(label, counts):
        if counts is None:
            return (label, 0, 0, 0, 0)
        return (label, counts["signed_up"], counts["confirmed"], counts["checked_in"], counts["hours"] or 0)

    @staticmethod
    def _total(rows):
        return (str(_("Total")), *(sum(row[index] for row in rows) for index in range(1, 5)))

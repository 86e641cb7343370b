"""The programme report (รายงานผลการดำเนินงานโครงการ) for a Thai fiscal year or any dates: events
held, participants by target group as people and as person-times, new volunteers, hours, activities
by kind, attendance rate, areas, and one section per event. Counts come from check-ins: an erased
person keeps their sign-ups and volunteer group, so still counts."""

import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.events.attendance import attended, counts_by_group, group_label
from portal.events.models import ActivityKind, EventStatus, Signup, SignupStatus
from portal.events.photos import publishable_photos
from portal.thai.addresses import area_names
from portal.thai.dates import buddhist_year, format_date

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


@dataclass(frozen=True)
class Period:
    first_day: datetime.date
    last_day: datetime.date
    fiscal_year: int | None = None  # in BE

    @classmethod
    def of_fiscal_year(cls, be_year):
        """Thai fiscal year N (BE) runs from 1 October of N-1 to 30 September of N."""
        year = be_year - 543
        return cls(datetime.date(year - 1, 10, 1), datetime.date(year, 9, 30), be_year)

    @classmethod
    def containing(cls, day):
        return cls.of_fiscal_year(buddhist_year(day.year + (1 if day.month >= 10 else 0)))

    @property
    def title(self):
        if self.fiscal_year:
            return _("Fiscal year %(year)s") % {"year": self.fiscal_year}
        return self.dates

    @property
    def dates(self):
        return f"{format_date(self.first_day, 'long')} – {format_date(self.last_day, 'long')}"

    def bounds(self):
        start = datetime.datetime.combine(self.first_day, datetime.time(0), tzinfo=BANGKOK)
        end = datetime.datetime.combine(self.last_day + datetime.timedelta(days=1), datetime.time(0), tzinfo=BANGKOK)
        return start, end


def _rate(part, whole):
    return round(Decimal(100) * part / whole, 1) if whole else None


@dataclass
class EventSection:
    event: object
    groups: list
    people: int
    confirmed: int
    checked_in: int
    hours: Decimal
    photo: object

    @property
    def attendance_rate(self):
        return _rate(self.checked_in, self.confirmed)


class ProgrammeReport:
    def __init__(self, events, period, now=None):
        start, end = period.bounds()
        now = now or timezone.now()
        self.period = period
        self.events = list(
            events.filter(status=EventStatus.PUBLISHED, starts_at__gte=start, starts_at__lt=min(end, now))
            .select_related("programme")
            .prefetch_related("activities")
            .order_by("starts_at", "pk")
        )
        self.attended = attended(self.events)
        self._start = start

    @property
    def programmes(self):
        return list(dict.fromkeys(event.programme for event in self.events))

    def confirmed(self, events=None):
        return Signup.objects.filter(event__in=events or self.events, status=SignupStatus.CONFIRMED).count()

    def by_group(self):
        """[(group label, people, person-times)], every volunteer group, those who came first."""
        people = counts_by_group(self.attended)
        times = Counter({group: 0 for group in people})
        for group in self.attended.values_list("user__profile__volunteer_group", flat=True):
            times[group or ""] += 1
        return [(group_label(group), people.get(group, 0), times[group]) for group in people]

    def new_volunteers(self):
        """People checked in during the period who had never been checked in before it."""
        present = set(self.attended.values_list("user_id", flat=True))
        before = set(
            Signup.objects.filter(
                user_id__in=present,
                status=SignupStatus.CONFIRMED,
                checked_in_at__isnull=False,
                event__starts_at__lt=self._start,
            ).values_list("user_id", flat=True)
        )
        return len(present - before)

    def summary(self):
        groups = self.by_group()
        checked_in = sum(times for _label, _people, times in groups)
        confirmed = self.confirmed() if self.events else 0
        return {
            "events": len(self.events),
            "people": len(set(self.attended.values_list("user_id", flat=True))),
            "person_times": checked_in,
            "new_volunteers": self.new_volunteers(),
            "hours": self.attended.aggregate(total=Sum("hours_credited"))["total"] or Decimal(0),
            "confirmed": confirmed,
            "attendance_rate": _rate(checked_in, confirmed),
        }

    def activities_by_kind(self):
        counts = Counter(activity.kind for event in self.events for activity in event.activities.all())
        return [(str(label), counts[kind]) for kind, label in ActivityKind.choices if counts[kind]]

    def by_area(self):
        """[(province, district, sub-district, events, person-times)] in the order first held."""
        times = Counter(self.attended.values_list("event_id", flat=True))
        areas = {}
        for event in self.events:
            key = (event.province_code, event.district_code, event.subdistrict_code)
            held, people = areas.get(key, (0, 0))
            areas[key] = (held + 1, people + times[event.pk])
        rows = []
        for codes, (held, people) in areas.items():
            names = list(area_names(*codes)) + ["", "", ""]
            rows.append((names[0], names[1], names[2], held, people))
        return rows

    def sections(self):
        for event in self.events:
            signups = attended([event])
            counts = counts_by_group(signups)
            shown = [group for group in counts if counts[group] or group in (event.eligible_groups or [])]
            photo = next((photo for photo in publishable_photos(event) if not photo.shows_minors), None)
            yield EventSection(
                event=event,
                groups=[(group_label(group), counts[group]) for group in shown],
                people=sum(counts.values()),
                confirmed=self.confirmed([event]),
                checked_in=signups.count(),
                hours=signups.aggregate(total=Sum("hours_credited"))["total"] or Decimal(0),
                photo=photo,
            )

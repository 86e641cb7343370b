"""The paper sign-in sheet an office files: the people expected at an event in Thai order, a
signature column for each day (or each activity, when the coordinator chooses), their phone, a
remarks column, blank numbered rows for walk-ins, and the certifier's block under it all."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.accounts.models import Profile, VolunteerGroup
from portal.events.models import Signup, SignupStatus
from portal.thai.collation import in_thai_order
from portal.thai.dates import format_date
from portal.thai.phones import display_phone
from portal.thai.text import printable

# Walk-ins write themselves in on paper: this many numbered rows follow the names.
BLANK_ROWS = 10
PER_DAY, PER_ACTIVITY = "day", "activity"
# The sheet's group column is narrow: the OPM volunteers' full title would take three lines.
SHORT_GROUP_LABELS = {VolunteerGroup.OPM: pgettext_lazy("volunteer group, short", "OPM volunteer")}


class SignInSheetExporter:
    """The people confirmed for `event`, one row each, then BLANK_ROWS numbered empty rows."""

    def __init__(self, event, per=PER_DAY):
        self.event = event
        self.per = PER_ACTIVITY if per == PER_ACTIVITY and event.activities.exists() else PER_DAY
        self.queryset = (
            Signup.objects.filter(event=event, status=SignupStatus.CONFIRMED)
            .select_related("user__profile")
            .order_by(*in_thai_order("user__first_name", "user__last_name"), "pk")
        )

    def signature_headings(self):
        """What each signature column is for: a day ("1 ธ.ค. 2569") or an activity with its time."""
        if self.per == PER_ACTIVITY:
            return [f"{activity.display_title} ({activity.span_display})" for activity in self.event.activities.all()]
        bangkok = timezone.get_current_timezone()
        first, last = (moment.astimezone(bangkok).date() for moment in (self.event.starts_at, self.event.ends_at))
        days = [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]
        return [format_date(day, "short") for day in days]

    def count(self):
        return self.queryset.count()

    def rows(self):
        """(number, (given name with title, family name), group, phone) for each person; then blank rows."""
        groups = {**dict(VolunteerGroup.choices), **SHORT_GROUP_LABELS}
        titles = dict(Profile._meta.get_field("title").choices)
        number = 0
        for number, signup in enumerate(self.queryset.iterator(), start=1):
            profile = getattr(signup.user, "profile", None)
            title = str(titles.get(profile.title, "")) if profile else ""
            name = (printable(f"{title}{signup.user.first_name}"), printable(signup.user.last_name))
            group = str(groups.get(profile.volunteer_group, "")) if profile else ""
            yield number, name, group, display_phone(profile.phone or "") if profile else ""
        for blank in range(number + 1, number + 1 + BLANK_ROWS):
            yield blank, ("", ""), "", ""


SHEET_HEADINGS = (_("No."), _("Name"), _("Volunteer group"), _("Phone"))
REMARKS_HEADING = _("Remarks")

"""Volunteers in the staff admin. Their personal data is for coordinators (those who signed up
for the programmes they coordinate) and admins; editors and approvers get neither the menu nor the pages.
Here rather than in accounts because who sees whom follows the sign-ups (permissions.py)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView

from portal.accounts.contacts import contact_text, guardian_of
from portal.accounts.models import Profile, VolunteerGroup
from portal.admin_plumbing import ReadOnlyModelViewSet, ThaiNameOrderMixin
from portal.thai.addresses import area_names, province_choices
from portal.thai.dates import format_date
from portal.thai.phones import display_phone, normalise_phone

from .models import Activity
from .permissions import signups_visible_to, volunteers_visible_to

# (value, label, youngest, oldest): the bands programme reports count people in.
AGE_BANDS = [
    ("under_15", _("Under 15"), None, 14),
    ("15_24", _("15–24"), 15, 24),
    ("25_59", _("25–59"), 25, 59),
    ("60_plus", _("60 and over"), 60, None),
]


def _years_before(day, years):
    # 29 February has no match in most years: the day before stands in.
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_between(band, today):
    """The date-of-birth lookups of an age band on `today`."""
    _value, _label, youngest, oldest = band
    lookups = {}
    if youngest is not None:
        lookups["date_of_birth__lte"] = _years_before(today, youngest)
    if oldest is not None:
        # Someone turning oldest + 1 tomorrow is still `oldest` today.
        lookups["date_of_birth__gt"] = _years_before(today, oldest + 1)
    return lookups


class VolunteerFilterSet(WagtailFilterSet):
    volunteer_group = django_filters.ChoiceFilter(label=_("Volunteer group"), choices=VolunteerGroup.choices)
    province_code = django_filters.ChoiceFilter(label=_("Province"), choices=province_choices)
    age_band = django_filters.ChoiceFilter(
        label=_("Age"), choices=[(value, label) for value, label, *_bounds in AGE_BANDS], method="filter_age_band"
    )

    class Meta:
        model = Profile
        fields = ["volunteer_group", "province_code", "age_band"]

    def filter_age_band(self, queryset, name, value):
        band = next(band for band in AGE_BANDS if band[0] == value)
        return queryset.filter(**born_between(band, timezone.localdate()))


def _province_name(profile):
    return "".join(area_names(profile.province_code))


class VolunteerIndexView(ThaiNameOrderMixin, IndexView):
    filterset_class = VolunteerFilterSet
    is_searchable = True
    default_ordering = "user__first_name"

    def get_base_queryset(self):
        return volunteers_visible_to(self.request.user).select_related("user")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        matches = Q()
        for word in self.search_query.split():
            matches &= (
                Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word) | Q(nickname__icontains=word)
            )
        try:
            matches |= Q(phone=normalise_phone(self.search_query, mobile_only=False))
        except ValidationError:
            pass
        return queryset.filter(matches)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label=_("Name"),
                accessor="full_name",
                url_name=self.inspect_url_name,
                sort_key="user__first_name",
            ),
            Column("nickname", label=_("Nickname")),
            Column("phone", label=_("Mobile phone"), accessor="phone_display"),
            Column(
                "volunteer_group",
                label=_("Volunteer group"),
                accessor="get_volunteer_group_display",
                sort_key="volunteer_group",
            ),
            Column("province", label=_("Province"), accessor=_province_name),
            Column("age", label=_("Age"), accessor="age", sort_key="-date_of_birth"),
        ]


class VolunteerInspectView(InspectView):
    def get_object(self, queryset=None):
        profile = volunteers_visible_to(self.request.user).select_related("user").filter(pk=self.pk).first()
        if profile is None:
            raise Http404
        return profile

    property_labels = {
        "full_name": _("Name"),
        "phone_display": _("Mobile phone"),
        "address_display": _("Address"),
        "guardian": _("Guardian"),
        "signups": _("Events and chosen activities"),
    }

    def get_fields(self):
        return [
            "full_name",
            "title",
            "nickname",
            "date_of_birth",
            "phone_display",
            "address_display",
            "volunteer_group",
            "opm_registration_number",
            "skills",
            "interests",
            "guardian",
            "emergency_contact_name",
            "emergency_contact_relation",
            "emergency_contact_phone",
            "signups",
        ]

    def get_fields_context(self):
        # Only a minor has a guardian; the fields are chosen before the person is looked up.
        shown = [name for name in self.fields if name != "guardian" or self.object.is_minor]
        return [self.get_context_for_field(name) for name in shown]

    def get_field_label(self, field_name, field):
        return self.property_labels.get(field_name) or super().get_field_label(field_name, field)

    def get_date_of_birth_display_value(self):
        born = self.object.date_of_birth
        if born is None and self.object.stated_age is not None:
            return _("%(age)s years old (as told)") % {"age": self.object.stated_age}
        if born is None:
            return "-"
        return _("%(date)s (%(age)s years old)") % {"date": format_date(born, "long"), "age": self.object.age()}

    def get_emergency_contact_phone_display_value(self):
        return display_phone(self.object.emergency_contact_phone)

    def get_guardian_display_value(self):
        guardian = guardian_of(self.object)
        return contact_text(*guardian) if guardian else _("No guardian's consent in force")

    def get_signups_display_value(self):
        """The sign-ups this coordinator may see (never another programme's), each with its activities."""
        signups = signups_visible_to(self.request.user).filter(user=self.object.user).select_related("event")
        signups = signups.prefetch_related(
            Prefetch("activities", queryset=Activity.objects.order_by("order", "starts_at"))
        ).order_by("-event__starts_at")
        lines = [
            (
                signup.event.display_title,
                signup.get_status_display(),
                ", ".join(activity.display_title for activity in signup.activities.all()) or "-",
            )
            for signup in signups
        ]
        return format_html_join("", "<p>{} ({}): {}</p>", lines) or "-"


class VolunteerViewSet(ReadOnlyModelViewSet):
    """Read-only: volunteers keep their own profiles."""

    model = Profile
    icon = "user"
    menu_label = _("Volunteers")
    menu_order = 220
    add_to_admin_menu = True
    index_view_class = VolunteerIndexView
    list_per_page = 100
    inspect_view_class = VolunteerInspectView

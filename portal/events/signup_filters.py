"""The filters the sign-up listing and the exports share (the same GET parameters work on both)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import VolunteerGroup
from portal.thai.addresses import province_choices
from portal.thai.phones import normalise_phone

from .models import Activity, Event, Signup, SignupStatus, attendance_confirmed
from .permissions import events_visible_to


def _visible_events(request):
    if request is None:
        return Event.objects.none()
    return events_visible_to(request.user).select_related("programme").order_by("-starts_at")


def _visible_activities(request):
    if request is None:
        return Activity.objects.none()
    return Activity.objects.filter(event__in=events_visible_to(request.user)).select_related("event")


class YesNo:
    YES = "yes"
    NO = "no"
    choices = [(YES, _("Checked in")), (NO, _("Not checked in"))]


class WillCome:
    YES = "yes"
    NO = "no"
    choices = [(YES, _("Said they will come")), (NO, _("Did not say"))]


class SignupFilterSet(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(label=_("Event"), queryset=_visible_events)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SignupStatus.choices)
    group = django_filters.ChoiceFilter(
        label=_("Volunteer group"), choices=VolunteerGroup.choices, field_name="user__profile__volunteer_group"
    )
    activity = django_filters.ModelChoiceFilter(
        label=_("Activity"), queryset=_visible_activities, field_name="activities"
    )
    checked_in = django_filters.ChoiceFilter(label=_("Check-in"), choices=YesNo.choices, method="filter_checked_in")
    will_come = django_filters.ChoiceFilter(
        label=_("Will come (LINE)"), choices=WillCome.choices, method="filter_will_come"
    )
    province = django_filters.ChoiceFilter(
        label=_("Province"), choices=province_choices, field_name="user__profile__province_code"
    )
    q = django_filters.CharFilter(label=_("Name or phone"), method="filter_search")

    class Meta:
        model = Signup
        fields = ["event", "status", "group", "activity", "checked_in", "will_come", "province", "q"]

    def filter_checked_in(self, queryset, name, value):
        return queryset.filter(checked_in_at__isnull=(value == YesNo.NO))

    def filter_will_come(self, queryset, name, value):
        said = attendance_confirmed()
        return queryset.filter(said) if value == WillCome.YES else queryset.exclude(said)

    def filter_search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        matches = Q()
        for word in text.split():
            matches &= (
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__profile__nickname__icontains=word)
            )
        try:
            matches |= Q(user__profile__phone=normalise_phone(text, mobile_only=False))
        except ValidationError:
            pass
        return queryset.filter(matches)

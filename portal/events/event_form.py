"""The admin's event form as a Thai coordinator fills it in: the groups as checkboxes, the place as
the same province › district › sub-district lists as the volunteer profile (narrowing with
JavaScript at once, without it through the "update the lists" button), and dates and times typed
and shown in the Buddhist Era (31/12/2569 08:30), for the event and its activities alike."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.accounts.models import VolunteerGroup
from portal.thai.addresses import district_choices, is_consistent, province_choices, subdistrict_choices
from portal.thai.dates import format_numeric, parse_date

from .permissions import programmes_visible_to

_TIME = re.compile(r"^(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:\s*น\.?)?$")
REFRESH_AREAS = "refresh_address"


def _ascii_digits(text):
    return "".join(str(int(character)) if character.isdigit() else character for character in text)


def parse_datetime_be(text):
    """ "31/12/2569 08:30" (or 31/12/69 8.30 น., Thai digits, a CE year) → an aware Bangkok datetime;
    ValueError otherwise."""
    parts = _ascii_digits((text or "").strip()).split(None, 1)
    if len(parts) != 2:
        raise ValueError("a date and a time")
    day = parse_date(parts[0])
    match = _TIME.match(parts[1].strip())
    if not match:
        raise ValueError("not a time")
    clock = datetime.time(int(match["hour"]), int(match["minute"]))
    return timezone.make_aware(datetime.datetime.combine(day, clock), timezone.get_current_timezone())


class ThaiDateTimeInput(forms.TextInput):
    """Shows a datetime as 31/12/2569 08:30 (Bangkok time) and gives the form field an ISO value it
    parses; what it cannot read goes back unchanged, so the field says so and nothing typed is lost."""

    def __init__(self, attrs=None):
        super().__init__(
            {"placeholder": "31/12/2569 08:30", "autocomplete": "off", "class": "thai-datetime", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, datetime.datetime):  # the form field gives it naive, on Bangkok time
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return f"{format_numeric(local.date())} {local:%H:%M}"
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        text = data.get(name)
        try:
            return timezone.localtime(parse_datetime_be(text)).strftime("%Y-%m-%d %H:%M")
        except (ValueError, TypeError):
            return text


DATETIME_HELP = _("Day/month/year in the Buddhist Era and the time, for example 31/12/2569 08:30.")
DATETIME_ERROR = _(
    "Enter the date and time as day/month/year in the Buddhist Era and hour:minute, for example 31/12/2569 08:30."
)


AREA_MISMATCH = _("Choose the district and sub-district again: they are not in that province.")


class AreaSelect(forms.Select):
    """The sub-district list, followed by the button that narrows the lists without JavaScript."""

    template_name = "events/admin/area_select.html"

    class Media:
        js = ["events/admin_area_lists.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["refresh_name"] = REFRESH_AREAS
        context["options_url"] = reverse_lazy("profile:address_options")
        return context


class RefreshAreasMixin:
    """For the create and edit views: the "update the lists" button narrows the area lists and
    shows the form again as typed, saving nothing and showing no errors yet."""

    def is_valid(self, form):
        if REFRESH_AREAS not in self.request.POST:
            return super().is_valid(form)
        form.is_valid()
        form.errors.clear()
        for formset in form.formsets.values():
            for child in formset.forms:
                child.errors.clear()
        self.produced_error_message = None
        return False


class EventForm(WagtailAdminModelForm):
    """A coordinator can only put an event in a programme they coordinate."""

    eligible_groups = forms.MultipleChoiceField(
        label=_("eligible volunteer groups"),
        choices=VolunteerGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: everyone may register."),
    )
    province_code = forms.ChoiceField(label=_("province"))
    district_code = forms.ChoiceField(label=_("district"), required=False)
    subdistrict_code = forms.ChoiceField(label=_("sub-district"), required=False, widget=AreaSelect)

    DATETIME_FIELDS = (
        "starts_at",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
        "cancellation_deadline",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["programme"].queryset = programmes_visible_to(self.for_user)
        choose = [("", _("Choose…"))]
        self.fields["province_code"].choices = choose + province_choices()
        self.fields["district_code"].choices = choose + district_choices(self._chosen("province_code"))
        self.fields["subdistrict_code"].choices = choose + subdistrict_choices(self._chosen("district_code"))
        for name in ("district_code", "subdistrict_code"):
            self.fields[name].error_messages["invalid_choice"] = AREA_MISMATCH
        for name in self.DATETIME_FIELDS:
            if name in self.fields:
                self.fields[name].error_messages["invalid"] = DATETIME_ERROR
        for formset in self.formsets.values():
            for form in formset.forms + [formset.empty_form]:
                for name in ("starts_at", "ends_at"):
                    if name in form.fields:
                        form.fields[name].error_messages["invalid"] = DATETIME_ERROR

    def _chosen(self, name):
        if self.is_bound:
            return self.data.get(name, "")
        return getattr(self.instance, name, "") or ""

    def clean(self):
        cleaned = super().clean()
        codes = [cleaned.get(name, "") for name in ("province_code", "district_code", "subdistrict_code")]
        if codes[0] and not is_consistent(*codes):
            raise ValidationError(AREA_MISMATCH)
        return cleaned

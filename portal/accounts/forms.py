from allauth.account.adapter import get_adapter
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.thai.addresses import district_choices, is_consistent, province_choices, subdistrict_choices
from portal.thai.dates import format_numeric, parse_date
from portal.thai.phones import display_phone, normalise_phone
from portal.thai.text import validate_line, validate_text

from .guardians import request_problems
from .models import ConsentPurpose, Profile
from .names import validate_person_name

OLDEST_AGE = 120


class ThaiDateField(forms.CharField):
    """A date typed the way people here type it: 25/10/2563 (BE), 25/10/63 or 25/10/2020."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "25/10/2550", "autocomplete": "bday"})

    def prepare_value(self, value):
        return format_numeric(value) if hasattr(value, "year") else value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError:
            raise ValidationError(
                _("Enter the date as day/month/year in the Buddhist Era, for example 25/10/2550."), code="invalid"
            )


class ThaiPhoneField(forms.CharField):
    widget = forms.TextInput(attrs={"inputmode": "tel", "placeholder": "081-234-5678", "autocomplete": "tel"})

    def __init__(self, *args, mobile_only=True, **kwargs):
        self.mobile_only = mobile_only
        super().__init__(*args, max_length=30, **kwargs)

    def prepare_value(self, value):
        return display_phone(value) if value and str(value).startswith("+66") else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        return normalise_phone(value, mobile_only=self.mobile_only)


class ProfileForm(forms.ModelForm):
    """The whole profile on one page. Address lists narrow as a province and district are chosen:
    with JavaScript at once, without it through the "Update the lists" button."""

    first_name = forms.CharField(label=_("first name"), max_length=150, validators=[validate_person_name])
    last_name = forms.CharField(label=_("last name"), max_length=150, validators=[validate_person_name])
    date_of_birth = ThaiDateField(
        label=_("date of birth"), help_text=_("Day/month/year in the Buddhist Era, for example 25/10/2550.")
    )
    phone = ThaiPhoneField(label=_("mobile phone"))
    emergency_contact_phone = ThaiPhoneField(label=_("emergency contact phone"), required=False, mobile_only=False)
    province_code = forms.ChoiceField(label=_("province"))
    district_code = forms.ChoiceField(label=_("district"))
    subdistrict_code = forms.ChoiceField(label=_("sub-district"))

    class Meta:
        model = Profile
        fields = [
            "title",
            "first_name",
            "last_name",
            "nickname",
            "date_of_birth",
            "phone",
            "volunteer_group",
            "opm_registration_number",
            "province_code",
            "district_code",
            "subdistrict_code",
            "village_number",
            "village_name",
            "skills",
            "interests",
            "emergency_contact_name",
            "emergency_contact_relation",
            "emergency_contact_phone",
            "preferred_language",
            "notify_by_email",
            "notify_by_line",
        ]
        widgets = {
            "skills": forms.Textarea(attrs={"rows": 3}),
            "interests": forms.Textarea(attrs={"rows": 3}),
            "village_number": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 99}),
        }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["volunteer_group"].required = True
        province = self._chosen("province_code")
        district = self._chosen("district_code")
        choose = [("", _("Choose…"))]
        self.fields["province_code"].choices = choose + province_choices()
        self.fields["district_code"].choices = choose + district_choices(province)
        self.fields["subdistrict_code"].choices = choose + subdistrict_choices(district)
        for name in ("emergency_contact_name", "emergency_contact_relation", "nickname", "village_name"):
            self.fields[name].validators.append(validate_person_name)
        self.fields["opm_registration_number"].validators.append(validate_line)
        for name in ("skills", "interests"):
            self.fields[name].validators.append(validate_text)

    def _chosen(self, name):
        if self.is_bound:
            return self.data.get(name, "")
        return getattr(self.instance, name, "")

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born and born > today:
            raise ValidationError(_("The date of birth cannot be in the future."), code="future")
        if born and today.year - born.year > OLDEST_AGE:
            raise ValidationError(_("Check the year: enter it in the Buddhist Era, for example 2550."), code="too_old")
        return born

    def clean(self):
        cleaned = super().clean()
        codes = [cleaned.get(name, "") for name in ("province_code", "district_code", "subdistrict_code")]
        if all(codes) and not is_consistent(*codes):
            raise ValidationError(_("Choose the district and sub-district again: they are not in that province."))
        return cleaned

    def save(self, commit=True):
        profile = super().save(commit=False)
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        if commit:
            self.user.save(update_fields=["first_name", "last_name"])
            profile.save()
        return profile


class ConsentForm(forms.Form):
    participation = forms.BooleanField(label=ConsentPurpose.PARTICIPATION.label, required=True)
    line_reminders = forms.BooleanField(label=ConsentPurpose.LINE_REMINDERS.label, required=False)
    photos = forms.BooleanField(label=ConsentPurpose.PHOTOS.label, required=False)

    def __init__(self, *args, refused_by_guardian=(), **kwargs):
        super().__init__(*args, **kwargs)
        for purpose in refused_by_guardian:
            field = self.fields[purpose]
            field.disabled, field.initial = True, False
            field.help_text = _("Your guardian did not agree to this.")

    def choices(self):
        return {ConsentPurpose(name): self.cleaned_data[name] for name in self.fields}


class GuardianRequestForm(forms.Form):
    guardian_name = forms.CharField(label=_("guardian's full name"), max_length=150, validators=[validate_person_name])
    relation = forms.CharField(
        label=_("relation to you"),
        max_length=50,
        validators=[validate_person_name],
        help_text=_("For example mother, father, grandmother"),
    )
    guardian_phone = ThaiPhoneField(label=_("guardian's mobile phone"))
    guardian_email = forms.EmailField(
        label=_("guardian's e-mail"), help_text=_("We send the consent link to this address only: not to you.")
    )

    def __init__(self, *args, profile, **kwargs):
        self.profile = profile
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        problems = request_problems(self.profile, cleaned.get("guardian_email"), cleaned.get("guardian_phone"))
        for field, reason in problems.items():
            self.add_error(field, reason)
        return cleaned


class GuardianConsentForm(forms.Form):
    """The guardian's answer: the kinds of activity and optional purposes they agree to, or a refusal."""

    CONSENT, REFUSE = "consent", "refuse"

    activity_kinds = forms.MultipleChoiceField(
        label=_("The young volunteer may take part in"), required=False, widget=forms.CheckboxSelectMultiple
    )
    photos = forms.BooleanField(label=_("Photos of them may appear in the portal's announcements"), required=False)
    line_reminders = forms.BooleanField(label=_("They may get reminders and news by LINE"), required=False)
    signed_name = forms.CharField(
        label=_("your full name, as your signature"), max_length=150, required=False, validators=[validate_person_name]
    )
    agree = forms.BooleanField(label=_("I am their parent or guardian and I agree to the above."), required=False)

    def __init__(self, *args, activity_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_kinds"].choices = list(activity_kinds)
        self.fields["activity_kinds"].initial = [value for value, _label in activity_kinds]
        if not activity_kinds:
            del self.fields["activity_kinds"]

    @property
    def decision(self):
        return self.REFUSE if self.data.get("decision") == self.REFUSE else self.CONSENT

    def clean(self):
        cleaned = super().clean()
        if self.decision == self.REFUSE:
            return cleaned
        if not cleaned.get("signed_name") and "signed_name" not in self.errors:
            self.add_error("signed_name", _("Enter your full name: it is your signature."))
        if not cleaned.get("agree"):
            self.add_error("agree", _("Tick this box to give consent, or choose to refuse."))
        kinds_missing = "activity_kinds" in self.fields and not cleaned.get("activity_kinds")
        if kinds_missing and "activity_kinds" not in self.errors:
            self.add_error("activity_kinds", _("Choose at least one kind of activity, or choose to refuse."))
        return cleaned

    def optional_purposes(self):
        return [ConsentPurpose(name) for name in ("photos", "line_reminders") if self.cleaned_data.get(name)]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("your password"), strip=False, widget=forms.PasswordInput)
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."), required=True)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not user.has_usable_password():  # signed up with LINE only
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through allauth, whose log-in limits count here too: a stolen session cannot guess the password.
        if self.user.has_usable_password() and not get_adapter().reauthenticate(self.user, password):
            raise ValidationError(_("That is not your password."), code="wrong_password")
        return password

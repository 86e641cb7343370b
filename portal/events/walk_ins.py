"""Walk-in and on-behalf registration: a coordinator registers, at the desk, a person who has no
account. The person becomes a record on paper (portal.accounts.paper_people) and is signed up
through services.sign_up like anyone else: the same seats, waitlist and rules of whom the event is
for (which a coordinator may override, with a reason that is recorded). They appear in the lists,
exports, check-in and certificates as anyone does, and can later claim the record as their own
account with the code the coordinator hands them."""

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.accounts import paper_people
from portal.accounts.forms import OLDEST_AGE, ThaiDateField, ThaiPhoneField
from portal.accounts.models import Profile, Title, VolunteerGroup
from portal.accounts.names import validate_person_name

from . import services
from .permissions import can_coordinate

CLAIM_ATTEMPTS_PER_HOUR = 10


class WalkInForm(forms.Form):
    title = forms.ChoiceField(
        label=pgettext_lazy("before a name", "title"), choices=[("", "—"), *Title.choices], required=False
    )
    first_name = forms.CharField(label=gettext_lazy("first name"), max_length=150, validators=[validate_person_name])
    last_name = forms.CharField(label=gettext_lazy("last name"), max_length=150, validators=[validate_person_name])
    nickname = forms.CharField(
        label=gettext_lazy("nickname"), max_length=50, required=False, validators=[validate_person_name]
    )
    phone = ThaiPhoneField(
        label=gettext_lazy("mobile phone"),
        required=False,
        help_text=gettext_lazy("Leave empty for someone without a phone."),
    )
    volunteer_group = forms.ChoiceField(label=gettext_lazy("volunteer group"), choices=VolunteerGroup.choices)
    date_of_birth = ThaiDateField(
        label=gettext_lazy("date of birth"),
        required=False,
        help_text=gettext_lazy("Day/month/year in the Buddhist Era, or give the age."),
    )
    stated_age = forms.IntegerField(label=gettext_lazy("age"), required=False, min_value=1, max_value=OLDEST_AGE)
    guardian_name = forms.CharField(
        label=gettext_lazy("guardian's full name"),
        max_length=150,
        required=False,
        validators=[validate_person_name],
        help_text=gettext_lazy("Required for anyone under 20; for an adult, an emergency contact."),
    )
    guardian_relation = forms.CharField(
        label=gettext_lazy("relation"), max_length=50, required=False, validators=[validate_person_name]
    )
    guardian_phone = ThaiPhoneField(
        label=gettext_lazy("guardian's or emergency contact's phone"), required=False, mobile_only=False
    )
    activities = forms.ModelMultipleChoiceField(
        label=gettext_lazy("activities"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    consent_on_paper = forms.BooleanField(
        label=gettext_lazy("The person (for a minor, the guardian) has signed the consent on paper."),
        error_messages={"required": gettext_lazy("Register only someone whose consent is signed on paper.")},
    )
    override_reason = forms.CharField(
        label=gettext_lazy("reason to register outside the event's groups or ages"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Only if the event is not for this person's group or age; it is recorded."),
    )
    different_person = forms.BooleanField(
        label=gettext_lazy("This is a different person with the same name or phone."), required=False
    )

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = event.activities.all()
        self.fields["activities"].label_from_instance = lambda activity: activity.display_title
        if not event.activities.exists():
            del self.fields["activities"]

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("date_of_birth")
            and cleaned.get("stated_age") is None
            and not ({"date_of_birth", "stated_age"} & set(self.errors))
        ):
            self.add_error("date_of_birth", _("Enter the date of birth or the age."))
        if paper_people.needs_guardian(cleaned):
            for name in ("guardian_name", "guardian_relation", "guardian_phone"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("A person under 20 needs a guardian: enter this."))
        if not cleaned.get("different_person") and self._same_person_registered(cleaned):
            self.add_error(
                "different_person",
                _(
                    "Someone with this name or phone is already registered for "
                    "this event. Tick this box if it is a different person."
                ),
            )
        return cleaned

    def _same_person_registered(self, cleaned):
        registered = Profile.objects.filter(user__signups__event=self.event)
        same_name = registered.filter(
            user__first_name=cleaned.get("first_name", ""), user__last_name=cleaned.get("last_name", "")
        )
        same_phone = registered.filter(phone=cleaned["phone"]) if cleaned.get("phone") else Profile.objects.none()
        return same_name.exists() or same_phone.exists()


@transaction.atomic
def register_walk_in(event, details, by):
    """Make the paper record and sign it up; nothing is kept when the sign-up is refused.
    Returns (signup, claim code to hand to the person)."""
    if not can_coordinate(by, event):
        raise services.SignupRefused(_("Only a coordinator of this event can register someone else."))
    activities = list(details.get("activities") or [])
    kinds = sorted({activity.kind for activity in (activities or event.activities.all())})
    user = paper_people.create_paper_person({**details, "activity_kinds": kinds}, by)
    signup = services.sign_up(user, event, activities, by=by, override_reason=details.get("override_reason", ""))
    return signup, paper_people.new_claim_code(user.paper_record)


def claim(code, claimant):
    """`claimant` (logged in with e-mail or LINE) takes over the person a coordinator registered at
    the desk: the sign-ups, the details only the desk knew, the consent on paper; the record goes.
    Raises SignupRefused with the reason."""
    attempts_key = f"walk-in-claim:{claimant.pk}"
    cache.add(attempts_key, 0, timeout=3600)
    if cache.incr(attempts_key) > CLAIM_ATTEMPTS_PER_HOUR:
        raise services.SignupRefused(_("Too many tries: try again in an hour."))
    with transaction.atomic():
        record = paper_people.record_for_code(code)
        if record is None:
            raise services.SignupRefused(_("This code is wrong or has expired: ask the coordinator for a new one."))
        problem = paper_people.claim_problem(record, claimant)
        if problem:
            raise services.SignupRefused(problem)
        moved = services.hand_over_signups(record.user, claimant)
        paper_people.fill_profile_from(record, claimant)
        record.user.delete()
    cache.delete(attempts_key)
    return moved


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("code from the coordinator"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        code = paper_people.normalise_code(self.cleaned_data["code"])
        if len(code) != paper_people.CLAIM_LENGTH:
            raise ValidationError(_("The code has 10 letters and digits, for example 7KQ2M-X9PRD."))
        return code

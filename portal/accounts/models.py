from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.thai.addresses import area_line
from portal.thai.phones import display_phone

# Thai law counts a person as a minor until 20: they need a guardian's consent to take part.
AGE_OF_MAJORITY = 20


class VolunteerGroup(models.TextChoices):
    CHILD = "child", _("Child")
    YOUTH = "youth", _("Youth")
    OPM = "opm", _("Social development and human security volunteer (OPM)")
    PARTNER = "partner", _("Network partner")
    PUBLIC = "public", _("General public")


class Title(models.TextChoices):
    MR = "mr", _("Mr")
    MRS = "mrs", _("Mrs")
    MISS = "miss", _("Miss")
    MASTER = "master", _("Master (boy)")
    GIRL = "girl", _("Miss (girl)")


class Language(models.TextChoices):
    THAI = "th", "ไทย"
    ENGLISH = "en", "English"


def age_on(date_of_birth, day):
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


class Profile(models.Model):
    """What a volunteer tells the portal about themselves. Names and e-mail live on the user."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    title = models.CharField(pgettext_lazy("before a name", "title"), max_length=10, choices=Title.choices, blank=True)
    nickname = models.CharField(_("nickname"), max_length=50, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # A walk-in who gave an age, not a date of birth: their age on `updated_at`'s day is what they said.
    stated_age = models.PositiveSmallIntegerField(
        _("age (as told)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True)
    province_code = models.CharField(_("province"), max_length=2, blank=True)
    district_code = models.CharField(_("district"), max_length=4, blank=True)
    subdistrict_code = models.CharField(_("sub-district"), max_length=6, blank=True)
    village_number = models.PositiveSmallIntegerField(
        _("village number (หมู่ที่)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    village_name = models.CharField(_("village name"), max_length=100, blank=True)
    volunteer_group = models.CharField(_("volunteer group"), max_length=10, choices=VolunteerGroup.choices, blank=True)
    opm_registration_number = models.CharField(_("OPM registration number"), max_length=30, blank=True)
    skills = models.TextField(_("skills"), max_length=500, blank=True)
    interests = models.TextField(_("interests"), max_length=500, blank=True)
    emergency_contact_name = models.CharField(_("emergency contact name"), max_length=150, blank=True)
    emergency_contact_relation = models.CharField(_("relation to you"), max_length=50, blank=True)
    emergency_contact_phone = models.CharField(_("emergency contact phone"), max_length=16, blank=True)
    preferred_language = models.CharField(
        _("language for messages"), max_length=2, choices=Language.choices, default=Language.THAI
    )
    notify_by_email = models.BooleanField(_("send me messages by e-mail"), default=True)
    notify_by_line = models.BooleanField(_("send me messages by LINE"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    REQUIRED_FOR_REGISTRATION = (
        "date_of_birth",
        "phone",
        "province_code",
        "district_code",
        "subdistrict_code",
        "volunteer_group",
    )

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")

    def __str__(self):
        return self.full_name or str(self.user)

    @property
    def full_name(self):
        return f"{self.user.first_name} {self.user.last_name}".strip()

    @property
    def phone_display(self):
        return display_phone(self.phone)

    @property
    def address_display(self):
        parts = []
        if self.village_number:
            parts.append(_("Village No. %(number)s") % {"number": self.village_number})
        if self.village_name:
            parts.append(self.village_name)
        parts.append(area_line(self.province_code, self.district_code, self.subdistrict_code))
        return " ".join(part for part in parts if part)

    def age(self, day=None):
        if not self.date_of_birth:
            return self.stated_age
        return age_on(self.date_of_birth, day or timezone.localdate())

    @property
    def is_minor(self):
        age = self.age()
        return age is not None and age < AGE_OF_MAJORITY

    @property
    def missing_fields(self):
        required = ("volunteer_group",) if hasattr(self.user, "paper_record") else self.REQUIRED_FOR_REGISTRATION
        missing = [name for name in required if not getattr(self, name)]
        if required != self.REQUIRED_FOR_REGISTRATION and self.age() is None:
            missing.append("date_of_birth")
        if not (self.user.first_name and self.user.last_name):
            missing.insert(0, "name")
        return missing

    @property
    def is_complete(self):
        return not self.missing_fields

    @property
    def guardian_consent(self):
        """The guardian's consent in force, if any."""
        return self.guardian_consents.filter(consented_at__isnull=False, withdrawn_at__isnull=True).last()


class PrivacyNotice(models.Model):
    """One version of the privacy notice. Publishing a new one asks everyone to consent again."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    effective_at = models.DateTimeField(_("in force from"), default=timezone.now)
    summary = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("privacy notice version")
        verbose_name_plural = _("privacy notice versions")
        ordering = ["-effective_at"]

    def __str__(self):
        return self.version

    @classmethod
    def current(cls):
        return cls.objects.filter(effective_at__lte=timezone.now()).order_by("-effective_at").first()


class ConsentPurpose(models.TextChoices):
    PARTICIPATION = "participation", _("Taking part in events (required to register)")
    LINE_REMINDERS = "line_reminders", _("Reminders and news by LINE")
    PHOTOS = "photos", _("Photos of me in announcements")


class ConsentRecord(models.Model):
    """An entry in the consent log: who said yes or no to which purpose, when, under which notice.
    Never edited; the newest entry per purpose is the one in force."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    granted = models.BooleanField()
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    given_by_guardian = models.ForeignKey(
        "GuardianConsent", null=True, blank=True, on_delete=models.SET_NULL, related_name="consent_records"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["user", "purpose", "-recorded_at"])]


class GuardianConsent(models.Model):
    """A guardian's consent for a minor: requested by the minor, answered by the guardian through a
    link that only the guardian receives (services.request_guardian_consent). The link works once
    and until `expires_at`; only a hash of its secret is kept, so nobody reading the database or the
    minor's own data can open it."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="guardian_consents")
    guardian_name = models.CharField(_("guardian's name"), max_length=150)
    relation = models.CharField(_("relation to the volunteer"), max_length=50)
    guardian_phone = models.CharField(_("guardian's mobile phone"), max_length=16)
    guardian_email = models.EmailField(_("guardian's e-mail"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)
    signed_name = models.CharField(max_length=150, blank=True)
    notice = models.ForeignKey(PrivacyNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # What the guardian was shown and chose: programmes running then, and the kinds of activity agreed to.
    programmes_shown = models.JSONField(default=list, blank=True)
    activity_kinds = models.JSONField(default=list, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    @property
    def is_answered(self):
        return self.consented_at is not None or self.refused_at is not None

    def is_expired(self, now=None):
        return self.expires_at is not None and (now or timezone.now()) >= self.expires_at

    @property
    def is_pending(self):
        return not self.is_answered and self.withdrawn_at is None and not self.is_expired()


class PaperRecord(models.Model):
    """A person a coordinator registered at the desk (a walk-in, or on someone's behalf): an account
    with no password, e-mail or LINE, whose consent was given on paper. The person can claim it as
    their own account later with the secret code the coordinator hands them (accounts.paper_people)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="paper_record")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    consent_signed_by = models.CharField(_("consent signed on paper by"), max_length=150)
    claim_code_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    claim_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("person registered on paper")
        verbose_name_plural = _("people registered on paper")

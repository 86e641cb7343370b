import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from portal.accounts.models import VolunteerGroup
from portal.thai.addresses import area_line
from portal.thai.dates import format_span, span_parts
from portal.thai.text import validate_line, validate_text

from .change_reasons import ATTENDANCE_REASONS, ChangeReason  # noqa: F401  (ATTENDANCE_REASONS: read from here)
from .reminders import DEFAULT_SCHEDULE, validate_schedule


def _localized(instance, field):
    english = getattr(instance, f"{field}_en", "")
    return english if translation.get_language() == "en" and english else getattr(instance, field)


class Programme(models.Model):
    """A programme such as "ตำบลสร้างเสริมสวัสดิการสังคม", run by organisers, with its coordinators."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_line])
    name_en = models.CharField(_("name in English"), max_length=200, blank=True, validators=[validate_line])
    organisers = models.TextField(_("organisers"), help_text=_("One per line."), validators=[validate_text])
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), help_text=_("For example 2563."))
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("coordinators"), blank=True, related_name="coordinated_programmes"
    )
    signatory_name = models.CharField(
        _("certificate signatory"), max_length=150, blank=True, validators=[validate_line]
    )
    signatory_title = models.CharField(
        _("signatory's position"), max_length=200, blank=True, validators=[validate_line]
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-fiscal_year", "name"]

    def __str__(self):
        return f"{self.name} ({self.fiscal_year})"

    @property
    def display_name(self):
        return _localized(self, "name")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class EventQuerySet(models.QuerySet):
    def with_seat_counts(self):
        return self.select_related("programme").annotate(
            confirmed_count=models.Count("signups", filter=Q(signups__status="confirmed")),
            waitlist_count=models.Count("signups", filter=Q(signups__status="waitlisted")),
        )

    def upcoming(self):
        """Published events that have not ended, soonest first, with their seat counts."""
        return self.with_seat_counts().published_ahead()

    def published_ahead(self):
        """Published events that have not ended, soonest first."""
        return self.filter(status=EventStatus.PUBLISHED, ends_at__gte=timezone.now()).order_by("starts_at")


class Event(ClusterableModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_line])
    title_en = models.CharField(_("title in English"), max_length=200, blank=True, validators=[validate_line])
    description = models.TextField(_("description"), blank=True, validators=[validate_text])
    description_en = models.TextField(_("description in English"), blank=True, validators=[validate_text])
    place_name = models.CharField(_("place"), max_length=200, validators=[validate_line])
    province_code = models.CharField(_("province"), max_length=2)
    district_code = models.CharField(_("district"), max_length=4, blank=True)
    subdistrict_code = models.CharField(_("sub-district"), max_length=6, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    cancellation_deadline = models.DateTimeField(_("volunteers can cancel until"))
    capacity = models.PositiveIntegerField(_("seats"))
    eligible_groups = models.JSONField(
        _("eligible volunteer groups"), default=list, blank=True, help_text=_("Empty means everyone.")
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    requires_approval = models.BooleanField(_("sign-ups need a coordinator's approval"), default=False)
    hours = models.DecimalField(
        _("volunteer hours credited"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty to credit the event's length."),
    )
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    reminder_schedule = models.CharField(
        _("reminders"),
        max_length=100,
        blank=True,
        default=DEFAULT_SCHEDULE,
        validators=[validate_schedule],
        help_text=_(
            "When to remind the people registered, separated by commas: 3d = three days before, "
            "2h = two hours before, 07:00 = at that time on the day (Bangkok time). Empty: no reminders."
        ),
    )
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)  # iCalendar SEQUENCE: event_changes.py
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and (self.registration_closes_at <= self.registration_opens_at)
        ):
            raise ValidationError({"registration_closes_at": _("Registration must close after it opens.")})
        if self.min_age and self.max_age and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("The maximum age is below the minimum age.")})
        groups = self.eligible_groups or []
        # The admin shows this field as JSON text: a number or an object is as wrong as an unknown name.
        if not isinstance(groups, list) or any(group not in VolunteerGroup.values for group in groups):
            raise ValidationError({"eligible_groups": _("Unknown volunteer group.")})

    @property
    def display_title(self):
        return _localized(self, "title")

    @property
    def display_description(self):
        return _localized(self, "description")

    @property
    def area_display(self):
        return area_line(self.province_code, self.district_code, self.subdistrict_code)

    @property
    def credited_hours(self):
        if self.hours is not None:
            return self.hours
        return Decimal(round((self.ends_at - self.starts_at).total_seconds() / 3600, 1))

    @property
    def eligible_group_labels(self):
        return [VolunteerGroup(group).label for group in self.eligible_groups]

    # Every page, message, PDF and export reads an event's days through these (portal.thai.dates.format_span).
    @property
    def span_display(self):
        return format_span(self.starts_at, self.ends_at, "long")

    @property
    def span_parts(self):
        return span_parts(self.starts_at, self.ends_at, "long")

    @property
    def short_span_display(self):
        return format_span(self.starts_at, self.ends_at, "short")

    @property
    def days_display(self):
        return format_span(self.starts_at, self.ends_at, "long", times=False)

    @property
    def short_days_display(self):
        return format_span(self.starts_at, self.ends_at, "short", times=False)

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        return self.registration_opens_at <= now < self.registration_closes_at


class ActivityKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    WORKSHOP = "workshop", _("Workshop")
    HOME_VISIT = "home_visit", _("Home visits")
    TEMPLE_CLEANUP = "temple_cleanup", _("Temple clean-up")
    OTHER = "other", _("Other")


class Activity(models.Model):
    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200, validators=[validate_line])
    title_en = models.CharField(_("title in English"), max_length=200, blank=True, validators=[validate_line])
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.OTHER)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty: no limit of its own.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "starts_at"]

    def __str__(self):
        return self.title

    @property
    def display_title(self):
        return _localized(self, "title")

    @property
    def span_display(self):
        return format_span(self.starts_at, self.ends_at, "short")


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    PENDING = "pending", _("Waiting for approval")
    REJECTED = "rejected", _("Not accepted")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.PENDING)


def attendance_confirmed(prefix=""):
    """The sign-ups (through `prefix`, e.g. "signups__") whose person said they will come, as they stand."""
    return Q(
        **{
            f"{prefix}status": SignupStatus.CONFIRMED,
            f"{prefix}attendance_confirmed_at__gte": models.F(f"{prefix}status_changed_at"),
        }
    )


class Signup(models.Model):
    """One person's registration for one event. Only portal.events.services changes it."""

    wagtail_reference_index_ignore = True  # not content: no reference index rows under the event's lock

    # An event people registered for is cancelled, never deleted: deleting would free their seats unannounced.
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(_("status"), max_length=10, choices=SignupStatus.choices)
    activities = models.ManyToManyField(Activity, blank=True, related_name="signups", verbose_name=_("activities"))
    created_at = models.DateTimeField(default=timezone.now)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hours_credited = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    certificate_code = models.CharField(max_length=16, unique=True, null=True, blank=True, editable=False)
    # When the volunteer answered a reminder "I'll be there" (on LINE); it counts while the sign-up stays
    # confirmed as it was then: a later change of status (waitlist, cancel, register again) undoes it.
    attendance_confirmed_at = models.DateTimeField(_("attendance confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_signup_per_person_per_event")]
        indexes = [models.Index(fields=["event", "status", "waitlisted_at"])]

    def __str__(self):
        return f"{self.user} · {self.event}"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def waitlist_position(self):
        """1 for the first person waiting; positions have no gaps because they are counted, not stored."""
        if self.status != SignupStatus.WAITLISTED:
            return None
        ahead = self.event.signups.filter(status=SignupStatus.WAITLISTED).filter(
            Q(waitlisted_at__lt=self.waitlisted_at) | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk)
        )
        return ahead.count() + 1

    @property
    def attendance_confirmed(self):
        return bool(
            self.status == SignupStatus.CONFIRMED
            and self.attendance_confirmed_at
            and self.attendance_confirmed_at >= self.status_changed_at
        )

    @property
    def has_certificate(self):
        """Only people checked in at an event that took place have a certificate."""
        return bool(
            self.checked_in_at
            and self.certificate_code
            and self.status == SignupStatus.CONFIRMED
            and self.event.status != EventStatus.CANCELLED
        )

    @staticmethod
    def new_certificate_code():
        return secrets.token_urlsafe(9)


class CalendarFeed(models.Model):
    """The secret address of a volunteer's personal calendar; resetting it changes the token."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.UUIDField(default=uuid.uuid4, unique=True)


from .change_history import SignupChange  # noqa: F401  (first: check_in_queue imports services.py, which reads it here)
from .check_in_queue import QueuedCheckIn  # noqa: F401  (its own module; registered with the app here)
from .photos import EventPhoto  # noqa: F401  (the day's photos keep their own module)

"""The typed reasons a sign-up changes (portal/events/models.py stores them on each SignupChange)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeReason(models.TextChoices):
    """Why a sign-up changed: the reason, never the free-text note, decides what the person is told."""

    SIGNED_UP = "signed_up", _("Signed up")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not accepted")
    PROMOTED = "promoted", _("Promoted from the waitlist")
    MOVED_TO_WAITLIST = "moved_to_waitlist", _("Moved to the waitlist")
    CANCELLED_BY_PERSON = "cancelled_by_person", _("Cancelled by the person")
    CANCELLED_BY_COORDINATOR = "cancelled_by_coordinator", _("Cancelled by a coordinator")
    EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
    ACCOUNT_ERASED = "account_erased", _("Account deleted")
    CHECKED_IN = "checked_in", _("Checked in")
    CHECK_IN_UNDONE = "check_in_undone", _("Check-in undone")


# Reasons that record attendance, not a change of status.
ATTENDANCE_REASONS = (ChangeReason.CHECKED_IN, ChangeReason.CHECK_IN_UNDONE)

"""A sign-up's history: one row for each change of status or attendance, who made it and why. The
operations in services.py decide the change; these record it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .change_reasons import ChangeReason
from .models import Signup, SignupStatus


class SignupChange(models.Model):
    """The history of a sign-up: every status change, who made it and when."""

    wagtail_reference_index_ignore = True

    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=10, choices=SignupStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=SignupStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("reason"), max_length=30, choices=ChangeReason.choices)
    note = models.CharField(max_length=200, blank=True)  # a coordinator's words; they decide nothing

    class Meta:
        app_label = "portal_events"
        ordering = ["changed_at", "pk"]


def status_change(signup, status, by, now, reason, note=""):
    """The unsaved history row of `signup` going to `status`, read before its status changes."""
    return SignupChange(
        signup=signup,
        from_status=signup.status if signup.pk else "",
        to_status=status,
        changed_by=by,
        changed_at=now,
        reason=reason,
        note=note.replace("\x00", ""),
    )


def record_attendance_change(signup, by, reason):
    """A check-in or its undoing, which leaves the status as it is."""
    SignupChange.objects.create(
        signup=signup, from_status=signup.status, to_status=signup.status, changed_by=by, reason=reason
    )

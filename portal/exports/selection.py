"""Which sign-ups an export holds: the admin's filters (the same GET parameters as the sign-up
listing), limited to what the person exporting may see. Views and the export task both ask here."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from portal.events.models import Event
from portal.events.permissions import can_coordinate, coordinates_any, events_visible_to, signups_visible_to
from portal.events.signup_filters import SignupFilterSet


class InvalidFilters(Exception):
    """The filters cannot be applied; the message says why, in the person's language."""


def may_export(user):
    return coordinates_any(user)


def event_to_export(user, event_id):
    """The event, if `user` coordinates it; PermissionDenied if not; InvalidFilters if there is none."""
    event = Event.objects.select_related("programme").filter(pk=event_id).first() if str(event_id).isdigit() else None
    if event is None:
        raise InvalidFilters(_("There is no such event."))
    if not can_coordinate(user, event):
        raise PermissionDenied
    return event


def signups_to_export(user, params):
    """`params`: a QueryDict (or a dict of lists) of the listing's filters."""
    if params.get("event"):
        event_to_export(user, params.get("event"))
    elif not may_export(user):
        raise PermissionDenied
    filters = SignupFilterSet(params, queryset=signups_visible_to(user), request=SimpleNamespace(user=user))
    if not filters.is_valid():
        fields = filters.form.fields
        problems = "; ".join(
            f"{fields[name].label}: {' '.join(errors)}" if name in fields else " ".join(errors)
            for name, errors in filters.errors.items()
        )
        raise InvalidFilters(_("These filters cannot be applied: %(problems)s") % {"problems": problems})
    return filters.qs


def may_still_export(user, job):
    """Whether `user` may have the file of `job` today: they may export at all and coordinate every
    event it holds (or, before it is written, the filters it will be written with)."""
    if job.event_ids is None:
        try:
            signups_to_export(user, MultiValueDict(job.filters))
        except (PermissionDenied, InvalidFilters):
            return False
        return True
    if not may_export(user):
        return False
    held = Event.objects.filter(pk__in=job.event_ids)
    return events_visible_to(user).filter(pk__in=held.values("pk")).count() == held.count()

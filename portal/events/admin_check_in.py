"""Check-in where the coordinator already is in the admin: a button on each event in the events
listing, and on the sign-ups listing once it is filtered to one event."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.widgets.button import ListingButton

from .models import Event, EventStatus
from .permissions import can_coordinate, events_visible_to, is_coordinator


def event_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Event) and snippet.status != EventStatus.CANCELLED and can_coordinate(user, snippet):
        yield ListingButton(
            _("Check-in"),
            url=reverse("events:check_in", args=[snippet.pk]),
            icon_name="tick",
            priority=5,
            attrs={"aria-label": _("Check-in: %(event)s") % {"event": snippet.title}},
        )


def check_in_of_filtered_event(request, listing_url_name):
    """The sign-ups listing's check-in button: check-in is for one event, the one the listing is filtered to."""
    if not (request.user.is_superuser or is_coordinator(request.user)):
        raise PermissionDenied
    chosen = request.GET.get("event", "")
    event = None
    if chosen.isascii() and chosen.isdecimal() and len(chosen) <= 12:
        event = events_visible_to(request.user).filter(pk=chosen).first()
    if event is None or not can_coordinate(request.user, event):
        messages.error(request, _("Choose an event in the filters first: check-in is for one event."))
        return redirect(f"{reverse(listing_url_name)}?{request.GET.urlencode()}")
    return redirect("events:check_in", pk=event.pk)

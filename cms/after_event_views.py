"""The one action that drafts an event's after-event announcement, from the admin or the check-in page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.events.models import Event, EventStatus
from portal.events.permissions import can_coordinate

from .after_event import DraftRefused, draft_after_event_announcement
from .models import AnnouncementPage


def may_draft(user, event):
    """The event's coordinators; editors for events the public can see (a draft event stays its programme's)."""
    if can_coordinate(user, event):
        return True
    return user.has_perm("cms.add_announcementpage") and event.status == EventStatus.PUBLISHED


@require_http_methods(["GET", "POST"])
def draft_after_event(request, pk):
    event = get_object_or_404(Event, pk=pk)
    if not may_draft(request.user, event):
        raise PermissionDenied
    list_url = reverse(Event.snippet_viewset.get_url_name("list"))
    if request.method == "GET":
        return render(
            request,
            "cms/admin/draft_after_event.html",
            {
                "event": event,
                "back_url": list_url,
                "header_icon": "doc-full",
                "existing": AnnouncementPage.objects.filter(reports_on_event=event).exists(),
                "page_title": _("Draft the after-event announcement"),
            },
        )
    try:
        page = draft_after_event_announcement(event, by=request.user)
    except DraftRefused as refused:
        messages.error(request, refused.reason)
        return redirect(reverse("events:check_in", args=[pk]) if request.POST.get("back") == "check_in" else list_url)
    if page.permissions_for_user(request.user).can_edit():
        messages.success(request, _("The announcement draft is ready: polish it, then submit it for review."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    messages.success(request, _("The announcement draft is ready. An editor will polish it and submit it for review."))
    return redirect("events:check_in", pk)

"""The desk's walk-in form in the staff admin, and the page where a person claims their record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services, walk_ins
from .models import Event
from .permissions import can_coordinate


@require_http_methods(["GET", "POST"])
def register_walk_in(request, event_id):
    event = get_object_or_404(Event.objects.select_related("programme"), pk=event_id)
    if not can_coordinate(request.user, event):
        # A plain 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
        return HttpResponseForbidden(_("Only a coordinator of this event can register someone else."))
    form = walk_ins.WalkInForm(request.POST or None, event=event)
    context = {
        "form": form,
        "event": event,
        "page_title": _("Register a walk-in"),
        "header_icon": "user",
        "signups_url": f"{reverse('portal_events_signups:index')}?event={event.pk}",
    }
    if request.method == "POST" and form.is_valid():
        try:
            signup, code = walk_ins.register_walk_in(event, form.cleaned_data, request.user)
        except services.SignupRefused as refusal:
            form.add_error(None, refusal.reason)
        else:
            return render(
                request,
                "events/admin/walk_in_registered.html",
                {**context, "signup": signup, "code": code, "form": walk_ins.WalkInForm(event=event)},
            )
    return render(request, "events/admin/walk_in.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def claim_record(request):
    form = walk_ins.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = walk_ins.claim(form.cleaned_data["code"], request.user)
        except services.SignupRefused as refusal:
            form.add_error("code", refusal.reason)
        else:
            messages.success(
                request,
                _("Done: the registrations made for you at the desk are now in your account (%(count)s).")
                % {"count": len(moved)},
            )
            return redirect("events:mine")
    return render(request, "events/claim.html", {"form": form})

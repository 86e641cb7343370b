"""A volunteer's own seat after registering: cancelling it (asked once more on a page of its own,
which works without JavaScript) and changing the activities chosen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .views import _signup_of


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    signup = _signup_of(request, pk)
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return render(
            request,
            "events/cancel_confirm.html",
            {"signup": signup, "event": signup.event, "activities": signup.activities.all()},
        )
    try:
        services.cancel(signup, by=request.user)
    except services.SignupRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("events:mine")


@login_required
@require_POST
def change_activities(request, pk):
    signup = _signup_of(request, pk)
    chosen = [value for value in request.POST.getlist("activities") if value.isdecimal() and len(value) <= 12]
    activities = list(signup.event.activities.filter(pk__in=chosen))
    try:
        services.change_activities(signup, activities, by=request.user)
    except services.SignupRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, _("Your activities are changed."))
    return redirect("events:mine")

"""The sign-up listing's bulk actions: approve, reject, move to the waitlist, check in, and hand
the selection to the message form. Every change to a sign-up goes through portal.events.services."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from portal.thai.text import validate_line

from . import services
from .models import Signup
from .permissions import coordinates_any, signups_visible_to


class SignupBulkAction(BulkAction):
    """A bulk action over the sign-ups a coordinator selected: each one goes through its service;
    a refused one is reported by name and the others are still done."""

    models = [Signup]
    template_name = "events/admin/confirm_signup_bulk_action.html"
    action_priority = 10

    def dispatch(self, request, *args, **kwargs):
        if not coordinates_any(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def _selected(self):
        ids = [value for value in self.request.GET.getlist("id") if value.isdigit()]
        signups = list(
            signups_visible_to(self.request.user).filter(pk__in=ids).select_related("user", "event").order_by("pk")
        )
        if not signups:
            raise Http404
        return signups

    def get_actionable_objects(self):
        return self._selected, {"items_with_no_access": []}

    def object_context(self, signup):
        return {"item": signup, "name": signup.user.get_full_name() or signup.user.email}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def get_execution_context(self):
        return {"action": self}

    def apply(self, signup):
        raise NotImplementedError

    @classmethod
    def execute_action(cls, signups, action=None, **kwargs):
        done = 0
        for signup in signups:
            try:
                action.apply(signup)
            except services.SignupRefused as refusal:
                messages.error(action.request, f"{signup.user.get_full_name() or signup.user.email}: {refusal.reason}")
            else:
                done += 1
        return done, 0


class ApproveBulkAction(SignupBulkAction):
    display_name = gettext_lazy("Approve")
    aria_label = gettext_lazy("Approve the selected sign-ups")
    action_type = "approve"
    question = gettext_lazy(
        "Approve these sign-ups? People get a seat while seats remain, then a place on the waitlist."
    )

    def apply(self, signup):
        services.approve(signup, by=self.request.user)

    def get_success_message(self, done, _):
        return ngettext("%(count)d sign-up approved.", "%(count)d sign-ups approved.", done) % {"count": done}


class RejectForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Reason (optional)"), max_length=200, required=False, validators=[validate_line]
    )


class RejectBulkAction(SignupBulkAction):
    display_name = gettext_lazy("Reject")
    aria_label = gettext_lazy("Reject the selected sign-ups")
    action_type = "reject"
    question = gettext_lazy("Reject these sign-ups? A freed seat goes to the first person on the waitlist.")
    form_class = RejectForm
    classes = {"serious"}
    action_priority = 20

    def apply(self, signup):
        services.reject(signup, by=self.request.user, note=self.cleaned_form.cleaned_data["note"])

    def get_success_message(self, done, _):
        return ngettext("%(count)d sign-up rejected.", "%(count)d sign-ups rejected.", done) % {"count": done}


class WaitlistBulkAction(SignupBulkAction):
    display_name = gettext_lazy("Move to the waitlist")
    aria_label = gettext_lazy("Move the selected sign-ups to the waitlist")
    action_type = "waitlist"
    question = gettext_lazy("Move these people to the end of the waitlist? Their seats go to those waiting longest.")
    action_priority = 30

    def apply(self, signup):
        services.move_to_waitlist(signup, by=self.request.user)

    def get_success_message(self, done, _):
        return ngettext(
            "%(count)d sign-up moved to the waitlist.", "%(count)d sign-ups moved to the waitlist.", done
        ) % {"count": done}


class CheckInBulkAction(SignupBulkAction):
    display_name = gettext_lazy("Check in")
    aria_label = gettext_lazy("Check in the selected people")
    action_type = "check_in"
    question = gettext_lazy("Check these people in? Their hours are credited and their certificates become available.")
    action_priority = 40

    def apply(self, signup):
        services.check_in(signup, by=self.request.user)

    def get_success_message(self, done, _):
        return ngettext("%(count)d person checked in.", "%(count)d people checked in.", done) % {"count": done}


class SendMessageBulkAction(SignupBulkAction):
    """Writing the message is admin_messages.py's: this only hands over the selection."""

    display_name = gettext_lazy("Send a message")
    aria_label = gettext_lazy("Send a message to the selected people")
    action_type = "message"
    action_priority = 50

    def get(self, request, *args, **kwargs):
        selection = urlencode([("signup", signup.pk) for signup in self._selected])
        return redirect(f"{reverse('event_messages:compose')}?{selection}")

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


SIGNUP_BULK_ACTIONS = [
    ApproveBulkAction,
    RejectBulkAction,
    WaitlistBulkAction,
    CheckInBulkAction,
    SendMessageBulkAction,
]

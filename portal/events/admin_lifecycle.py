"""The admin's paths through an event's lifecycle, all through portal.events.services: the event
form saves seats and a cancellation through the services (not by writing the fields), an event
with sign-ups cannot be deleted (it is cancelled instead), and a check-in made by mistake can be
undone from the sign-up listing."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.snippets.views import snippets as snippet_views

from . import refusals, services
from .admin_bulk_actions import SignupBulkAction
from .models import ACTIVE_STATUSES, Event, EventStatus


class EventEditView(snippet_views.EditView):
    """Saving the form: the times, place and activities are saved as Wagtail saves them, under the
    event's lock; the seats go through services.change_capacity (more seats promote the people
    waiting longest) and the status "cancelled" through services.cancel_event."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "status" in form.fields:
            form.fields["status"].help_text = _(
                "Choosing “Cancelled” cancels every registration and tells each person; it cannot be undone."
            )
        if "capacity" in form.fields:
            form.fields["capacity"].help_text = _(
                "More seats go at once to the people waiting longest; fewer seats take nobody's seat away."
            )
        return form

    def is_valid(self, form):
        valid = super().is_valid(form)
        if valid and "status" in form.cleaned_data:
            # The form has put the new values on the object already: the rule looks at the saved event.
            saved = Event.objects.get(pk=self.object.pk)
            problem = refusals.event_status_problem(saved, form.cleaned_data["status"])
            if problem:
                form.add_error("status", problem)
                self.produced_error_code = "validation_error"
                self.produced_error_message = self.get_error_message()
                return False
        return valid

    cancelled_sign_ups = None

    def save_instance(self):
        event = self.form.instance
        if event.status == EventStatus.CANCELLED and Event.objects.get(pk=event.pk).status != EventStatus.CANCELLED:
            self.cancelled_sign_ups = event.signups.filter(status__in=ACTIVE_STATUSES).count()
        return services.edit_event(
            event, super().save_instance, capacity=event.capacity, status=event.status, by=self.request.user
        )

    def get_success_message(self):
        if self.cancelled_sign_ups is None:
            return super().get_success_message()
        return ngettext(
            "“%(event)s” is cancelled: the %(count)d person registered is told.",
            "“%(event)s” is cancelled: the %(count)d people registered are told.",
            self.cancelled_sign_ups,
        ) % {"event": self.object.title, "count": self.cancelled_sign_ups}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.SignupRefused as refusal:  # the event changed between checking and saving
            form.add_error(None, refusal.reason)
            self.produced_error_message = refusal.reason
            return self.form_invalid(form)


def refuse_deleting_events_with_sign_ups(request, instances):
    """Wagtail's before_delete_snippet hook, for the delete view and the bulk delete alike."""
    kept = [instance for instance in instances if isinstance(instance, Event) and instance.signups.exists()]
    if not kept:
        return None
    names = ", ".join(f"“{event.title}”" for event in kept)
    messages.error(
        request,
        ngettext(
            "%(events)s has sign-ups, so it cannot be deleted. Cancel it instead (status “Cancelled”): everyone "
            "registered is told.",
            "%(events)s have sign-ups, so they cannot be deleted. Cancel them instead (status “Cancelled”): everyone "
            "registered is told.",
            len(kept),
        )
        % {"events": names},
    )
    if len(kept) == 1:
        return redirect(Event.snippet_viewset.get_url_name("edit"), kept[0].pk)
    return redirect(Event.snippet_viewset.get_url_name("list"))


class UndoCheckInBulkAction(SignupBulkAction):
    display_name = gettext_lazy("Undo check-in")
    aria_label = gettext_lazy("Undo the check-in of the selected people")
    action_type = "undo_check_in"
    question = gettext_lazy(
        "Undo the check-in of these people? Their hours and certificates are withdrawn; they can be checked in again."
    )
    classes = {"serious"}
    action_priority = 45

    def apply(self, signup):
        services.undo_check_in(signup, by=self.request.user)

    def get_success_message(self, done, _):
        return ngettext("%(count)d check-in undone.", "%(count)d check-ins undone.", done) % {"count": done}

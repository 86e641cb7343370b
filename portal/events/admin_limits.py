"""Wagtail screens every member of staff shares, limited to what each may see: the event chooser
(an announcement's event card) and the site history report (portal/exports/site_history.py). A
coordinator sees only the events of the programmes they coordinate; editors choose among published
events, which are public anyway; admins see everything. The objects' own admin views are limited
in admin_signups.py and wagtail_hooks.py."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from portal.accounts.models import Profile

from .models import Activity, Event, EventStatus, Programme, Signup
from .permissions import events_visible_to, programmes_visible_to, signups_visible_to


def events_choosable_by(user):
    events = events_visible_to(user)
    if user.is_authenticated and not user.is_superuser and user_has_any_page_permission(user):
        events = events | Event.objects.filter(status=EventStatus.PUBLISHED)
    return events.distinct()


class _ChoosableEvents:
    def get_object_list(self):
        return events_choosable_by(self.request.user)

    def get_object(self, pk):
        if not str(pk).isdigit():
            raise Event.DoesNotExist
        return events_choosable_by(self.request.user).get(pk=pk)

    def get_objects(self, pks):
        return events_choosable_by(self.request.user).filter(pk__in=[pk for pk in pks if str(pk).isdigit()])


class EventChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("ChooseEventView", (_ChoosableEvents, ChooseView), {})
    choose_results_view_class = type("ChooseEventResultsView", (_ChoosableEvents, ChooseResultsView), {})
    chosen_view_class = type("ChosenEventView", (_ChoosableEvents, SnippetChosenView), {})
    chosen_multiple_view_class = type("ChosenEventsView", (_ChoosableEvents, SnippetChosenMultipleView), {})


def _ids(queryset):
    return queryset.annotate(text_id=Cast("pk", CharField())).values("text_id")


def hidden_log_entries(user):
    """The log entries of programmes, events, activities, sign-ups and volunteers `user` may not see."""
    events = events_visible_to(user)
    visible = {
        Programme: programmes_visible_to(user),
        Event: events,
        Activity: Activity.objects.filter(event__in=events),
        Signup: signups_visible_to(user),
        Profile: Profile.objects.filter(user__in=signups_visible_to(user).values("user")),
    }
    hidden = Q()
    for model, queryset in visible.items():
        content_type = ContentType.objects.get_for_model(model)
        hidden |= Q(content_type=content_type) & ~Q(object_id__in=_ids(queryset))
    return hidden

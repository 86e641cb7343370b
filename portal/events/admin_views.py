"""The staff admin's views for programmes, events and sign-ups: what each member of staff may see,
the sign-up listing with its bulk actions, and the dashboard panel. Every change to a sign-up
goes through portal.events.services."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from portal.accounts.models import VolunteerGroup
from portal.thai.dates import format_date
from portal.thai.text import validate_line

from . import services
from .models import Event, Programme, Signup, SignupStatus, attendance_confirmed
from .permissions import COORDINATORS_GROUP
from .signup_filters import SignupFilterSet, events_visible_to, is_coordinator, signups_visible_to


def programmes_visible_to(user):
    if user.is_superuser:
        return Programme.objects.all()
    if is_coordinator(user):
        return Programme.objects.filter(coordinators=user)
    return Programme.objects.none()


class VisibleObjectMixin:
    """Limits a generic admin view of one object to the objects its user may see; another
    programme's ids are "not found", so nobody learns which ids exist."""

    visible_objects = None  # set by limited_to_visible(): a function from a user to a queryset

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.visible_objects(self.request.user).filter(pk=instance.pk).exists():
            raise Http404
        return instance


class VisibleListingMixin:
    """Limits a generic admin listing to the objects its user may see."""

    visible_objects = None

    def get_base_queryset(self):
        return self.visible_objects(self.request.user)


class ProgrammeForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "coordinators" in self.fields:  # only for those who may choose them
            self.fields["coordinators"].queryset = get_user_model().objects.filter(
                groups__name=COORDINATORS_GROUP
            ).order_by("first_name", "last_name")


def _visible_programmes(request):
    return programmes_visible_to(request.user) if request else Programme.objects.none()


class EventFilterSet(WagtailFilterSet):
    """The events listing's filters; a coordinator chooses among their own programmes only."""

    programme = django_filters.ModelChoiceFilter(label=gettext_lazy("programme"), queryset=_visible_programmes)

    class Meta:
        model = Event
        fields = ["status", "programme"]


def limited_to_visible(view_class, visible_objects):
    """`view_class` (a listing or a view of one object) showing only what `visible_objects(user)` returns."""
    mixin = VisibleListingMixin if issubclass(view_class, IndexView) else VisibleObjectMixin
    return type(view_class.__name__, (mixin, view_class), {"visible_objects": staticmethod(visible_objects)})


class ReadOnlyModelViewSet(ModelViewSet):
    """A listing and an inspect page, nothing that saves: what it lists changes elsewhere."""

    copy_view_enabled = False
    inspect_view_enabled = True

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None, "edit_url_name": None, "delete_url_name": None,
            "history_url_name": None, "usage_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    @cached_property
    def url_finder_class(self):
        return type(f"{self.model.__name__}URLFinder", (ModelAdminURLFinder,), {
            "edit_url_name": self.get_url_name("inspect"), "permission_policy": self.permission_policy,
        })


def _profile(signup):
    # Accounts made by the LINE login may not have a profile yet.
    return getattr(signup.user, "profile", None)


def _volunteer_group(signup):
    profile = _profile(signup)
    return profile.get_volunteer_group_display() if profile else ""


def _phone(signup):
    profile = _profile(signup)
    return profile.phone_display if profile else ""


class SignupAdminFilterSet(SignupFilterSet):
    """The listing's filter drawer; its search box ("q") is Wagtail's own, so not repeated here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["q"]


class SignupIndexView(IndexView):
    template_name = "events/admin/signup_index.html"
    filterset_class = SignupAdminFilterSet
    is_searchable = True
    default_ordering = "-created_at"
    sign_in_sheet_url_name = None  # set by the viewset

    def get_base_queryset(self):
        return signups_visible_to(self.request.user).select_related("user__profile", "event")

    def search_queryset(self, queryset):
        # The search box searches as the exports' "q" does: names, nickname, a phone typed any common way.
        if not self.is_searching:
            return queryset
        return SignupFilterSet().filter_search(queryset, "q", self.search_query)

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="signup"),
            TitleColumn(
                "name", label=_("Name"), accessor=lambda signup: signup.user.get_full_name() or signup.user.email,
                classname="signup-name",
                url_name=self.inspect_url_name, id_accessor="pk",
                get_title_id=lambda signup: f"signup_{signup.pk}_title", sort_key="user__first_name",
            ),
            Column("phone", label=_("Mobile phone"), accessor=_phone),
            Column("group", label=_("Volunteer group"), accessor=_volunteer_group),
            Column("event", label=_("Event"), accessor="event.title", sort_key="event__starts_at"),
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            Column("attendance_confirmed_at", label=_("Will come (LINE)"), sort_key="attendance_confirmed_at",
                   accessor=lambda signup: format_date(signup.attendance_confirmed_at, "datetime")
                   if signup.attendance_confirmed else ""),
            Column("checked_in_at", label=_("Checked in"), sort_key="checked_in_at",
                   accessor=lambda signup: format_date(signup.checked_in_at, "datetime")),
            Column("created_at", label=_("Signed up"), sort_key="created_at",
                   accessor=lambda signup: format_date(signup.created_at, "datetime")),
        ]

    def _with_filters(self, url):
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        return url + (f"?{query.urlencode()}" if query else "")

    @cached_property
    def header_buttons(self):
        # The listing's filters and search reload only the results: data-export-with-filters makes
        # admin_export_links.js give each link the page's current query when it is clicked.
        attrs = {"data-export-with-filters": ""}
        return [
            HeaderButton(_("Export CSV"), url=self._with_filters(reverse("exports:signups", kwargs={"fmt": "csv"})),
                         icon_name="download", attrs=attrs),
            HeaderButton(_("Export Excel"), url=self._with_filters(reverse("exports:signups", kwargs={"fmt": "xlsx"})),
                         icon_name="download", attrs=attrs),
            HeaderButton(_("Sign-in sheet (PDF)"), url=self._with_filters(reverse(self.sign_in_sheet_url_name)),
                         icon_name="doc-full", attrs=attrs),
        ]


def sign_in_sheet_of_filtered_event(request, listing_url_name):
    """The sign-in sheet button: a sheet is for one event, the one the listing is filtered to."""
    if not (request.user.is_superuser or is_coordinator(request.user)):
        raise PermissionDenied
    filters = SignupFilterSet(request.GET, queryset=signups_visible_to(request.user), request=request)
    event = filters.form.cleaned_data.get("event") if filters.is_valid() else None
    if event is None:
        messages.error(request, _("Choose an event in the filters first: a sign-in sheet is for one event."))
        return redirect(f"{reverse(listing_url_name)}?{request.GET.urlencode()}")
    return redirect("exports:sign_in_sheet", event_id=event.pk)


class SignupInspectView(InspectView):
    def get_object(self, queryset=None):
        visible = signups_visible_to(self.request.user).select_related("user__profile", "event")
        signup = visible.filter(pk=self.pk).first()
        if signup is None:
            raise Http404
        return signup

    def get_fields(self):
        return ["user", "event", "status", "activities", "created_at", "checked_in_at", "hours_credited"]

    def get_user_display_value(self):
        return self.object.user.get_full_name() or self.object.user.email

    def get_created_at_display_value(self):
        return format_date(self.object.created_at, "datetime")

    def get_checked_in_at_display_value(self):
        return format_date(self.object.checked_in_at, "datetime") or "-"


class SignupBulkAction(BulkAction):
    """A bulk action over the sign-ups a coordinator selected: each one goes through its service;
    a refused one is reported by name and the others are still done."""

    models = [Signup]
    template_name = "events/admin/confirm_signup_bulk_action.html"
    action_priority = 10

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_superuser or is_coordinator(request.user)):
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
    note = forms.CharField(label=gettext_lazy("Reason (optional)"), max_length=200, required=False,
                           validators=[validate_line])


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
    """Writing the message belongs to portal.notifications: this only hands over the selection."""

    display_name = gettext_lazy("Send a message")
    aria_label = gettext_lazy("Send a message to the selected people")
    action_type = "message"
    action_priority = 50

    def get(self, request, *args, **kwargs):
        selection = urlencode([("signup", signup.pk) for signup in self._selected])
        return redirect(f"{reverse('notifications:compose')}?{selection}")

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)


SIGNUP_BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction, WaitlistBulkAction, CheckInBulkAction,
                       SendMessageBulkAction]


# The OPM volunteers' full title would squeeze the table's other columns.
SHORT_GROUP_LABELS = {VolunteerGroup.OPM: pgettext_lazy("volunteer group, short", "OPM volunteer")}


class UpcomingEventsPanel(Component):
    """The coordinator's dashboard: their upcoming events with seats, waitlist, check-in progress
    and the participants by target group, the breakdown programme reports use. One query, however
    many events."""

    name = "upcoming_events"
    order = 50
    template_name = "events/admin/upcoming_events_panel.html"
    limit = 10

    def __init__(self, user):
        self.user = user

    def events(self):
        confirmed = Q(signups__status=SignupStatus.CONFIRMED)
        by_group = {
            f"group_{group}": Count("signups", filter=confirmed & Q(signups__user__profile__volunteer_group=group))
            for group in VolunteerGroup.values
        }
        events = list(
            events_visible_to(self.user)
            .filter(ends_at__gte=timezone.now())
            .exclude(status="cancelled")
            .annotate(
                confirmed_count=Count("signups", filter=confirmed),
                waitlist_count=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
                pending_count=Count("signups", filter=Q(signups__status=SignupStatus.PENDING)),
                checked_in_count=Count("signups", filter=confirmed & Q(signups__checked_in_at__isnull=False)),
                will_come_count=Count("signups", filter=attendance_confirmed("signups__")),
                **by_group,
            )
            .order_by("starts_at")[: self.limit]
        )
        for event in events:
            event.by_group = [getattr(event, f"group_{value}") for value in VolunteerGroup.values]
        return events

    def get_context_data(self, parent_context=None):
        return {
            "events": self.events(),
            "group_labels": [SHORT_GROUP_LABELS.get(value, label) for value, label in VolunteerGroup.choices],
            "signups_url": reverse("portal_events_signups:index"),
        }


def dashboard_panels(request, panels):
    if request.user.is_superuser or is_coordinator(request.user):
        panels.append(UpcomingEventsPanel(request.user))

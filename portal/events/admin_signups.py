"""The staff admin's sign-up listing (filters, search, export buttons), the sign-in sheet button
and a sign-up's inspect page, each limited to the sign-ups its user may see."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.widgets.button import Button, HeaderButton

from portal.accounts.contacts import contact_of, prefetch_guardians
from portal.admin_plumbing import ThaiNameOrderMixin
from portal.thai.dates import format_date

from .models import Activity, Event, EventStatus
from .permissions import can_coordinate, coordinates_any, signups_visible_to
from .signup_filters import SignupFilterSet

# The sign-in sheet's ?per= for a signature column per activity (portal/exports/sign_in_sheet.py).
PER_ACTIVITY = "activity"


def _profile(signup):
    # Accounts made by the LINE login may not have a profile yet.
    return getattr(signup.user, "profile", None)


def _volunteer_group(signup):
    profile = _profile(signup)
    return profile.get_volunteer_group_display() if profile else ""


def _phone(signup):
    profile = _profile(signup)
    return profile.phone_display if profile else ""


def _titled_name(signup):
    profile = _profile(signup)
    name = signup.user.get_full_name() or signup.user.email
    return f"{profile.get_title_display()} {name}" if profile and profile.title else name


def _nickname(signup):
    profile = _profile(signup)
    return profile.nickname if profile else ""


def _age_at_the_event(signup):
    profile = _profile(signup)
    age = profile.age(timezone.localtime(signup.event.starts_at).date()) if profile else None
    return "" if age is None else age


def _contact(signup):
    profile = _profile(signup)
    return contact_of(profile) if profile else ""


def _activities(signup):
    return ", ".join(activity.display_title for activity in signup.activities.all())


class SignupAdminFilterSet(SignupFilterSet):
    """The listing's filter drawer; its search box ("q") is Wagtail's own, so not repeated here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["q"]


class SignupIndexView(ThaiNameOrderMixin, IndexView):
    template_name = "events/admin/signup_index.html"
    filterset_class = SignupAdminFilterSet
    is_searchable = True
    default_ordering = "-created_at"
    sign_in_sheet_url_name = check_in_url_name = None  # set by the viewset

    def get_base_queryset(self):
        return (
            signups_visible_to(self.request.user)
            .select_related("user__profile", "event")
            .prefetch_related(
                Prefetch("activities", queryset=Activity.objects.order_by("order", "starts_at")),
                prefetch_guardians("user__profile__"),
            )
        )

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
                "name",
                label=_("Name"),
                accessor=_titled_name,
                classname="signup-name",
                url_name=self.inspect_url_name,
                id_accessor="pk",
                get_title_id=lambda signup: f"signup_{signup.pk}_title",
                sort_key="user__first_name",
            ),
            Column("nickname", label=_("Nickname"), accessor=_nickname),
            Column("age", label=_("Age"), accessor=_age_at_the_event),
            Column("phone", label=_("Mobile phone"), accessor=_phone),
            Column("group", label=_("Volunteer group"), accessor=_volunteer_group),
            Column("contact", label=_("Guardian or emergency contact"), accessor=_contact),
            Column("event", label=_("Event"), accessor="event.title", sort_key="event__starts_at"),
            Column("activities", label=_("Activities"), accessor=_activities),
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            Column(
                "attendance_confirmed_at",
                label=_("Will come (LINE)"),
                sort_key="attendance_confirmed_at",
                accessor=lambda signup: (
                    format_date(signup.attendance_confirmed_at, "datetime") if signup.attendance_confirmed else ""
                ),
            ),
            Column(
                "checked_in_at",
                label=_("Checked in"),
                sort_key="checked_in_at",
                accessor=lambda signup: format_date(signup.checked_in_at, "datetime"),
            ),
            Column(
                "created_at",
                label=_("Signed up"),
                sort_key="created_at",
                accessor=lambda signup: format_date(signup.created_at, "datetime"),
            ),
        ]

    def _with_filters(self, url, **added):
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        for name, value in added.items():
            query[name] = value
        return url + (f"?{query.urlencode()}" if query else "")

    @cached_property
    def header_buttons(self):
        # The listing's filters and search reload only the results: data-export-with-filters makes
        # admin_export_links.js give each link the page's current query when it is clicked.
        attrs = {"data-export-with-filters": ""}
        return [
            HeaderButton(
                _("Export CSV"),
                url=self._with_filters(reverse("exports:signups", kwargs={"fmt": "csv"})),
                icon_name="download",
                attrs=attrs,
            ),
            HeaderButton(
                _("Export Excel"),
                url=self._with_filters(reverse("exports:signups", kwargs={"fmt": "xlsx"})),
                icon_name="download",
                attrs=attrs,
            ),
            HeaderButton(
                _("Sign-in sheet (PDF)"),
                url=self._with_filters(reverse(self.sign_in_sheet_url_name)),
                icon_name="doc-full",
                attrs=attrs,
            ),
            HeaderButton(
                _("Sign-in sheet per activity (PDF)"),
                icon_name="doc-full",
                url=self._with_filters(reverse(self.sign_in_sheet_url_name), per=PER_ACTIVITY),
                attrs={"data-export-with-filters": f"per={PER_ACTIVITY}"},
            ),
            HeaderButton(
                _("Check-in"), url=self._with_filters(reverse(self.check_in_url_name)), icon_name="tick", attrs=attrs
            ),
        ]


def sign_in_sheet_of_filtered_event(request, listing_url_name):
    """The sign-in sheet button: a sheet is for one event, the one the listing is filtered to."""
    if not coordinates_any(request.user):
        raise PermissionDenied
    filters = SignupFilterSet(request.GET, queryset=signups_visible_to(request.user), request=request)
    event = filters.form.cleaned_data.get("event") if filters.is_valid() else None
    if event is None:
        messages.error(request, _("Choose an event in the filters first: a sign-in sheet is for one event."))
        return redirect(f"{reverse(listing_url_name)}?{request.GET.urlencode()}")
    sheet = reverse("exports:sign_in_sheet", kwargs={"event_id": event.pk})
    return redirect(f"{sheet}?per={PER_ACTIVITY}" if request.GET.get("per") == PER_ACTIVITY else sheet)


def sign_in_sheet_buttons(snippet, user, next_url=None):
    """In each event's "more" menu of the events listing: its sign-in sheet, and one per activity when it has
    activities (the buttons in the row itself are for the day: check-in, walk-ins, reminders)."""
    if not (isinstance(snippet, Event) and snippet.status != EventStatus.CANCELLED and can_coordinate(user, snippet)):
        return
    sheet = reverse("exports:sign_in_sheet", kwargs={"event_id": snippet.pk})
    yield Button(_("Sign-in sheet (PDF)"), url=sheet, icon_name="doc-full", priority=65)
    if snippet.activities.exists():
        yield Button(
            _("Sign-in sheet per activity (PDF)"), url=f"{sheet}?per={PER_ACTIVITY}", icon_name="doc-full", priority=66
        )


class SignupInspectView(InspectView):
    def get_object(self, queryset=None):
        visible = signups_visible_to(self.request.user).select_related("user__profile", "event")
        signup = visible.filter(pk=self.pk).first()
        if signup is None:
            raise Http404
        return signup

    def get_fields(self):
        return ["user", "event", "status", "activities", "created_at", "checked_in_at", "hours_credited"]

    # The model's own names for these are Django's defaults, in English ("User", "Created at").
    field_labels = {
        "user": gettext_lazy("Name"),
        "event": gettext_lazy("Event"),
        "created_at": gettext_lazy("Signed up"),
    }

    def get_field_label(self, field_name, field):
        return self.field_labels.get(field_name) or super().get_field_label(field_name, field)

    def get_hours_credited_display_value(self):
        return self.object.hours_credited if self.object.hours_credited is not None else "-"

    def get_activities_display_value(self):
        return ", ".join(activity.display_title for activity in self.object.activities.all()) or "-"

    def get_user_display_value(self):
        return self.object.user.get_full_name() or self.object.user.email

    def get_created_at_display_value(self):
        return format_date(self.object.created_at, "datetime")

    def get_checked_in_at_display_value(self):
        return format_date(self.object.checked_in_at, "datetime") or "-"

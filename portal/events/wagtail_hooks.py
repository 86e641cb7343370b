from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.admin_plumbing import ReadOnlyModelViewSet, limited_to_visible
from portal.thai.dates import format_date

from . import admin_messages, walk_in_views
from .admin_bulk_actions import SIGNUP_BULK_ACTIONS
from .admin_check_in import check_in_of_filtered_event, event_listing_buttons
from .admin_dashboard import dashboard_panels
from .admin_forms import EventFilterSet, ProgrammeForm
from .admin_lifecycle import EventEditView, UndoCheckInBulkAction, refuse_deleting_events_with_sign_ups
from .admin_limits import EventChooserViewSet
from .admin_signups import SignupIndexView, SignupInspectView, sign_in_sheet_buttons, sign_in_sheet_of_filtered_event
from .admin_volunteers import VolunteerViewSet
from .event_form import DATETIME_HELP, EventForm, RefreshAreasMixin, ThaiDateTimeInput
from .models import Event, EventStatus, Programme, Signup
from .permissions import can_coordinate, events_visible_to, programmes_visible_to


class ProgrammeViewSet(ModelViewSet):
    """Admins create programmes and name their coordinators; a coordinator edits their own."""

    model = Programme
    icon = "folder-open-inverse"
    menu_label = _("Programmes")
    menu_order = 190
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["name", "fiscal_year"]
    search_fields = ["name", "name_en"]
    search_backend_name = None
    index_view_class = limited_to_visible(generic.IndexView, programmes_visible_to)
    edit_view_class = limited_to_visible(generic.EditView, programmes_visible_to)
    delete_view_class = limited_to_visible(generic.DeleteView, programmes_visible_to)
    history_view_class = limited_to_visible(HistoryView, programmes_visible_to)
    usage_view_class = limited_to_visible(UsageView, programmes_visible_to)
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
            FieldPanel("organisers"),
            FieldPanel("fiscal_year"),
            # Only those who may create programmes choose who coordinates them.
            FieldPanel("coordinators", permission="portal_events.add_programme"),
            FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
        ],
        base_form_class=ProgrammeForm,
    )


def _when(name):
    return FieldPanel(name, widget=ThaiDateTimeInput())


class EventViewSet(SnippetViewSet):
    """Events in the staff admin, with their activities. Sign-ups are not edited here: they change
    only through portal.events.services. A snippet, because announcements choose events with
    the snippet chooser."""

    model = Event
    icon = "date"
    menu_label = _("Events")
    menu_order = 200
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        "title",
        "programme",
        Column(
            "starts_at",
            label=Event._meta.get_field("starts_at").verbose_name,
            sort_key="starts_at",
            accessor=lambda event: format_date(event.starts_at, "datetime"),
        ),
        "capacity",
        "status",
    ]
    filterset_class = EventFilterSet
    search_fields = ["title", "title_en", "place_name"]
    search_backend_name = None
    ordering = ["-starts_at"]
    chooser_viewset_class = EventChooserViewSet
    index_view_class = limited_to_visible(snippet_views.IndexView, events_visible_to)
    add_view_class = type("EventCreateView", (RefreshAreasMixin, snippet_views.CreateView), {})
    edit_view_class = limited_to_visible(
        type("EventEditView", (RefreshAreasMixin, EventEditView), {}), events_visible_to
    )
    delete_view_class = limited_to_visible(snippet_views.DeleteView, events_visible_to)
    history_view_class = limited_to_visible(snippet_views.HistoryView, events_visible_to)
    usage_view_class = limited_to_visible(snippet_views.UsageView, events_visible_to)
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            MultiFieldPanel(
                [FieldPanel("title"), FieldPanel("title_en"), FieldPanel("description"), FieldPanel("description_en")],
                heading=_("About the event"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("place_name"),
                    FieldRowPanel(
                        [FieldPanel("province_code"), FieldPanel("district_code"), FieldPanel("subdistrict_code")]
                    ),
                    FieldPanel("map_url"),
                ],
                heading=_("Place"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([_when("starts_at"), _when("ends_at")]),
                    FieldRowPanel([_when("registration_opens_at"), _when("registration_closes_at")]),
                    _when("cancellation_deadline"),
                    FieldPanel("reminder_schedule"),
                ],
                heading=_("Dates"),
                help_text=DATETIME_HELP,
            ),
            MultiFieldPanel(
                [
                    FieldPanel("capacity"),
                    FieldPanel("eligible_groups"),
                    FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
                    FieldPanel("requires_approval"),
                    FieldPanel("hours"),
                ],
                heading=_("Who and how many"),
            ),
            InlinePanel(
                "activities",
                heading=_("Activities"),
                label=_("Activity"),
                panels=[
                    FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("order", heading=_("Order"))]),
                    FieldRowPanel([_when("starts_at"), _when("ends_at"), FieldPanel("capacity")]),
                ],
            ),
            FieldPanel("status"),
        ],
        base_form_class=EventForm,
    )


class SignupViewSet(ReadOnlyModelViewSet):
    """The sign-up listing: filters, search, exports and bulk actions. There is no add or edit
    form: a sign-up changes only through portal.events.services, which the bulk actions call."""

    model = Signup
    icon = "group"
    menu_label = _("Sign-ups")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = SignupIndexView
    inspect_view_class = SignupInspectView
    index_template_name = "events/admin/signup_index.html"
    list_per_page = 100  # a whole training on one page, to tick and act on together

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            sign_in_sheet_url_name=self.get_url_name("sign_in_sheet"),
            check_in_url_name=self.get_url_name("check_in"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "sign-in-sheet/",
                sign_in_sheet_of_filtered_event,
                {"listing_url_name": self.get_url_name("index")},
                name="sign_in_sheet",
            ),
            path(
                "check-in/",
                check_in_of_filtered_event,
                {"listing_url_name": self.get_url_name("index")},
                name="check_in",
            ),
        ]


register_snippet(EventViewSet)


@hooks.register("register_admin_viewset")
def register_programmes():
    return ProgrammeViewSet("programmes")


@hooks.register("register_admin_viewset")
def register_signups():
    return SignupViewSet("portal_events_signups", url_prefix="signups")


@hooks.register("register_admin_viewset")
def register_volunteers():
    return VolunteerViewSet("volunteers")


for bulk_action in [*SIGNUP_BULK_ACTIONS, UndoCheckInBulkAction]:
    hooks.register("register_bulk_action", bulk_action)

hooks.register("before_delete_snippet", refuse_deleting_events_with_sign_ups)
hooks.register("register_snippet_listing_buttons", event_listing_buttons)
hooks.register("register_snippet_listing_buttons", sign_in_sheet_buttons)

hooks.register("construct_homepage_panels", dashboard_panels)


@hooks.register("insert_global_admin_css")
def narrow_screens_css():
    return format_html('<link rel="stylesheet" href="{}">', static("events/admin_narrow_screens.css"))


@hooks.register("register_admin_urls")
def register_message_urls():
    # The paths are the ones coordinators have bookmarked: under notifications/.
    urls = [
        path("compose/", admin_messages.compose, name="compose"),
        path("events/<int:event_id>/send-reminders/", admin_messages.send_reminders, name="send_reminders"),
    ]
    return [path("notifications/", include((urls, "event_messages"), namespace="event_messages"))]


@hooks.register("register_snippet_listing_buttons")
def send_reminders_button(snippet, user, next_url=None):
    if isinstance(snippet, Event) and snippet.status == EventStatus.PUBLISHED and can_coordinate(user, snippet):
        yield ListingButton(
            _("Send reminders now"),
            url=reverse("event_messages:send_reminders", args=[snippet.pk]),
            icon_name="mail",
            priority=60,
        )


@hooks.register("register_admin_urls")
def register_walk_in_urls():
    return [path("events/<int:event_id>/walk-in/", walk_in_views.register_walk_in, name="events_walk_in")]


@hooks.register("register_snippet_listing_buttons")
def walk_in_button(snippet, user, next_url=None):
    if isinstance(snippet, Event) and snippet.status == EventStatus.PUBLISHED and can_coordinate(user, snippet):
        yield ListingButton(
            _("Register a walk-in"), url=reverse("events_walk_in", args=[snippet.pk]), icon_name="user", priority=55
        )

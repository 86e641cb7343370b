from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Event


class EventViewSet(SnippetViewSet):
    """Events in the staff admin. Sign-ups are not edited here: they change only through
    portal.events.services."""

    model = Event
    icon = "date"
    menu_label = _("Events")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "starts_at", "capacity", "status"]
    list_filter = ["status", "programme"]
    search_fields = ["title", "title_en", "place_name"]
    ordering = ["-starts_at"]
    panels = [
        FieldPanel("programme"),
        MultiFieldPanel([FieldPanel("title"), FieldPanel("title_en"), FieldPanel("description"),
                         FieldPanel("description_en")], heading=_("About the event")),
        MultiFieldPanel([FieldPanel("place_name"), FieldRowPanel([FieldPanel("province_code"), FieldPanel("district_code"),
                                                                  FieldPanel("subdistrict_code")]), FieldPanel("map_url")],
                        heading=_("Place")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                         FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
                         FieldPanel("cancellation_deadline")], heading=_("Dates")),
        MultiFieldPanel([FieldPanel("capacity"), FieldPanel("eligible_groups"),
                         FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]), FieldPanel("requires_approval"),
                         FieldPanel("hours")], heading=_("Who and how many")),
        FieldPanel("status"),
    ]


register_snippet(EventViewSet)

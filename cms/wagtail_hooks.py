from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from .page_cache import mark_public


@hooks.register("insert_global_admin_js")
def thai_slug_field():
    return format_html('<script defer src="{}"></script>', static("cms/thai_slug.js"))


@hooks.register("before_serve_page")
def keep_unrestricted_pages_for_visitors(page, request, serve_args, serve_kwargs):
    if not page.get_view_restrictions():  # evaluated: Wagtail's own check reads the same rows
        mark_public(request)


@hooks.register("register_admin_urls")
def after_event_urls():
    from .after_event_views import draft_after_event

    return [path("after-event/<int:pk>/", draft_after_event, name="cms_after_event_draft")]


@hooks.register("register_snippet_listing_buttons")
def draft_after_event_button(snippet, user, next_url=None):
    from portal.events.models import Event, EventStatus

    from .after_event_views import may_draft

    if (
        isinstance(snippet, Event)
        and snippet.status == EventStatus.PUBLISHED
        and snippet.ends_at <= timezone.now()
        and may_draft(user, snippet)
    ):
        yield ListingButton(
            _("Draft the after-event announcement"),
            icon_name="doc-full",
            url=reverse("cms_after_event_draft", args=[snippet.pk]),
            priority=70,
        )

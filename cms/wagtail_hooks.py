from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .page_cache import mark_public


@hooks.register("insert_global_admin_js")
def thai_slug_field():
    return format_html('<script defer src="{}"></script>', static("cms/thai_slug.js"))


@hooks.register("before_serve_page")
def keep_unrestricted_pages_for_visitors(page, request, serve_args, serve_kwargs):
    if not page.get_view_restrictions():  # evaluated: Wagtail's own check reads the same rows
        mark_public(request)

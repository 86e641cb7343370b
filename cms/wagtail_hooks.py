from wagtail import hooks

from .page_cache import mark_public


@hooks.register("before_serve_page")
def keep_unrestricted_pages_for_visitors(page, request, serve_args, serve_kwargs):
    if not page.get_view_restrictions().exists():
        mark_public(request)

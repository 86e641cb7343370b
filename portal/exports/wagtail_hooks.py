from django.urls import include, path
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_export_urls():
    """Under /admin/exports/: Wagtail lets in only staff with admin access; the views then allow
    only those who coordinate the events exported."""
    return [path("exports/", include(urls))]

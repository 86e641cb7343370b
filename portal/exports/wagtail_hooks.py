from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls


@hooks.register("register_admin_urls")
def register_export_urls():
    """Under /admin/exports/: Wagtail lets in only staff with admin access; the views then allow
    only those who coordinate the events exported."""
    return [path("exports/", include(urls))]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        from .report_views import programmes_reported_by

        return programmes_reported_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def programme_report_menu_item():
    return ReportMenuItem(_("Programme report"), reverse("exports:programme_report"), icon_name="doc-full", order=260)

"""Content Security Policy: one strict policy for the site, a looser one for the Wagtail admin."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class PathPolicyCSPMiddleware(CSPMiddleware):
    """Gives the Wagtail admin settings.ADMIN_CONTENT_SECURITY_POLICY instead of the site's policy.

    Wagtail's admin ships inline scripts and styles of its own that we cannot move out; it is only
    reachable by logged-in staff, so it gets 'unsafe-inline' while every public and portal page keeps
    the strict policy. A page preview is rendered through a request for the page's public path
    (marked is_preview) and shown in a frame of the editor, so it gets the admin's policy too."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and self._is_admin(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

    @staticmethod
    def _is_admin(request):
        return request.path_info.startswith("/admin/") or getattr(request, "is_preview", False)

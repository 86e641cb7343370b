"""Content Security Policy: one strict policy for the site, a looser one for the Wagtail admin."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class PathPolicyCSPMiddleware(CSPMiddleware):
    """Gives everything under /admin/ settings.ADMIN_CONTENT_SECURITY_POLICY instead of the site's policy.

    Wagtail's admin (and the page previews it shows in a frame) ships inline scripts and styles
    of its own that we cannot move out; they are only reachable by logged-in staff, so the admin
    gets 'unsafe-inline' while every public and portal page keeps the strict policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith("/admin/"):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

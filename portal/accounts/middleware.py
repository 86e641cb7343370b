from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .services import needs_consent

# The parts of the site where a volunteer acts on their own data; consent is asked before them.
CONSENT_REQUIRED_NAMESPACES = {"profile", "events"}


class ConsentRequiredMiddleware:
    """A logged-in volunteer who has not agreed to the privacy notice in force (or agreed to an
    older version) is asked to, on their next visit to the portal, before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not (request.user.is_authenticated and match and CONSENT_REQUIRED_NAMESPACES & set(match.namespaces)):
            return None
        if getattr(view_func, "consent_not_required", False) or not needs_consent(request.user):
            return None
        # After consenting, come back here; a form that was being sent goes back to the page it was on.
        back = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
        return redirect(reverse("profile:consent") + "?" + urlencode({"next": back}))


@receiver(user_logged_out)
def _wipe_the_browser_after(sender, request, **kwargs):
    if request is not None:
        request.wipe_browser_storage = True


class WipeBrowserStorageOnLogoutMiddleware:
    """Whichever door a person logs out by (the portal's, the admin's, allauth's), the browser is told to forget
    what pages of ours kept in it: the check-in roster and queue in IndexedDB, the service worker and its cache.
    The check-in page's own script wipes them too, but only on the portal's log-out form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "wipe_browser_storage", False):
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response

"""The one way in. Wagtail's admin log-in page and its private-page log-in page would each check a
password with no limit and no confirmed e-mail address; here they lead to allauth's log-in page,
which has both, and never check a password themselves. After logging in there, staff (anyone with
access to the admin) are sent on to the admin; a volunteer who opens the admin is told it is for
staff instead of being sent round in a circle."""

from functools import wraps
from urllib.parse import urlencode

from allauth.core.internal import ratelimit
from django.http import HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


def _next(request, default):
    wanted = request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return default


def _to_the_login(next_url):
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


@never_cache
def admin_login(request):
    """Wagtail's `wagtailadmin_login`, for GET and POST alike: a password posted here is not looked at."""
    next_url = _next(request, reverse("wagtailadmin_home"))
    if not request.user.is_authenticated:
        return _to_the_login(next_url)
    if request.user.has_perm("wagtailadmin.access_admin"):
        return HttpResponseRedirect(next_url)
    return render(request, "accounts/staff_only.html", status=403)


@never_cache
def page_login(request):
    """Wagtail's `wagtailcore_login`, the log-in for pages and documents open to logged-in people only."""
    next_url = _next(request, resolve_url("/"))
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url)
    return _to_the_login(next_url)


def throttled_shared_password(view):
    """Wagtail's forms for a page's or a document's shared password (a view restriction) check a
    password too: guesses are limited per address and per restriction as log-ins are, and answered
    with the Thai "too many attempts" page (ACCOUNT_RATE_LIMITS "shared_password…")."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        if request.method == "POST":
            restriction = request.path
            for action, key in (
                ("shared_password_here", f"{ratelimit.get_ip(request)}|{restriction}"),
                ("shared_password", restriction),
            ):
                if not ratelimit.consume(request, app="allauth.account", action=action, key=key):
                    return ratelimit.respond_429(request)
        return view(request, *args, **kwargs)

    return limited

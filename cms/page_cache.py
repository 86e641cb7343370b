"""Whole-page cache for visitors who are not logged in.

Announcements are read far more than they change, mostly by people who are not logged in, on
slow phones: the rendered page of such a visit is kept for PUBLIC_PAGE_CACHE_SECONDS and handed
to the next visitor without touching the database. Only Wagtail pages without view restrictions
are kept (cms.wagtail_hooks marks them), only for requests without a query string, a session or
pending messages, and never a response that sets a cookie or carries a CSRF token. Every cached
page carries a version number that any change to pages, events, sign-ups or the site's settings
raises once its transaction commits, so a visitor never sees an older page than that change."""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page

VERSION_KEY = "public-pages:version"
PUBLIC_PAGE_FLAG = "_public_page"


def mark_public(request):
    setattr(request, PUBLIC_PAGE_FLAG, True)


def invalidate(**_signal_arguments):
    transaction.on_commit(_raise_version)


def invalidate_for_pages(sender, **_signal_arguments):
    if issubclass(sender, Page):
        invalidate()


def _raise_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: any new number differs from the missing one
        cache.add(VERSION_KEY, 1, timeout=None)


def _may_use_cache(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _may_store(request, response):
    return (
        request.method == "GET"
        and getattr(request, PUBLIC_PAGE_FLAG, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not _may_use_cache(request):
            return self.get_response(request)
        key = f"public-pages:{cache.get(VERSION_KEY, 0)}:{request.get_host()}:{request.path}"
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if _may_store(request, response):
            cache.set(key, response, seconds)
        return response

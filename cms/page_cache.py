"""Whole-page cache for visitors who are not logged in.

Announcements are read far more than they change, mostly by people who are not logged in, on
slow phones: the rendered page of such a visit is kept for PUBLIC_PAGE_CACHE_SECONDS and handed
to the next visitor without touching the database. Only Wagtail pages without view restrictions
are kept (cms.wagtail_hooks marks them), only for requests without a query string, a session or
pending messages, and never a response that sets a cookie or carries a CSRF token. Every cached
page carries a version number that any change to pages, events or the site's settings raises once
its transaction commits, so a visitor never sees an older page than that change.

Sign-ups change only the seat counts of one event, and they come by the hundred when registration
opens: a page that shows an event's seats says so while it renders (`shows_seats_of`), before it
counts them, and is kept with the seat version of each such event read at that moment. A sign-up
raises its event's seat version only, so during the rush the pages that show other events, or no
seats at all, stay cached, and a page showing that event's seats is rendered afresh."""

from contextvars import ContextVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page

VERSION_KEY = "public-pages:version"
PUBLIC_PAGE_FLAG = "_public_page"
_seat_versions_shown = ContextVar("seat_versions_shown", default=None)


def _seats_key(event_id):
    return f"public-pages:seats:{event_id}"


def mark_public(request):
    setattr(request, PUBLIC_PAGE_FLAG, True)


def shows_seats_of(event_ids):
    """Called by a page before it counts the seats of these events (a no-op outside the cache)."""
    shown = _seat_versions_shown.get()
    missing = [event_id for event_id in event_ids if shown is not None and event_id not in shown]
    if missing:
        keys = {_seats_key(event_id): event_id for event_id in missing}
        versions = cache.get_many(list(keys))
        shown.update({event_id: versions.get(key, 0) for key, event_id in keys.items()})


def invalidate(**_signal_arguments):
    transaction.on_commit(_raise_version)


def invalidate_seats(instance, **_signal_arguments):
    key = _seats_key(instance.event_id)
    transaction.on_commit(lambda: _raise(key))


def invalidate_for_pages(sender, **_signal_arguments):
    if issubclass(sender, Page):
        invalidate()


def _raise_version():
    _raise(VERSION_KEY)


def _raise(key):
    try:
        cache.incr(key)
    except ValueError:  # no version yet: any new number differs from the missing one
        cache.add(key, 1, timeout=None)


def _seats_unchanged(seat_versions):
    if not seat_versions:
        return True
    keys = {_seats_key(event_id): version for event_id, version in seat_versions.items()}
    now = cache.get_many(list(keys))
    return all(now.get(key, 0) == version for key, version in keys.items())


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
        key = f"public-pages:page:{cache.get(VERSION_KEY, 0)}:{request.get_host()}:{request.path}"
        kept = cache.get(key)
        if kept is not None and _seats_unchanged(kept[1]):
            return kept[0]
        seat_versions = {}
        token = _seat_versions_shown.set(seat_versions)
        try:
            response = self.get_response(request)
        finally:
            _seat_versions_shown.reset(token)
        if _may_store(request, response):
            cache.set(key, (response, seat_versions), seconds)
        return response

"""What every page shows around its content, read once per content version instead of on every view.

The site for the request's host, its home page in each language (what Wagtail routes from), the
organisation's settings (the header and the footer), the announcement list of each language (the
main navigation) and the language switcher's links of each page only change with the content, so they
are kept in the cache together with the page cache's version (cms.page_cache) they were read at: one
cache read of the version and the parts per request, and any change raises that version once it commits."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import translation
from wagtail.models import Site

from .page_cache import VERSION_KEY

_REQUEST_ATTRIBUTE = "_cms_site_parts"


@dataclass
class SiteParts:
    version: int
    site: Site | None
    organisation: object = None
    announcement_indexes: dict = field(default_factory=dict)


def _parts_key(request):
    return f"site-parts:{request.get_host()}:{request.get_port()}"


def _read_parts(request, version):
    from .models import AnnouncementIndexPage, OrganisationSettings

    site = Site.find_for_request(request)
    if site is None:
        return SiteParts(version, None)
    home = site.root_page.specific
    home.translations_by_language = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            home.translations_by_language[code] = home.localized.specific
    site.root_page = home
    organisation = OrganisationSettings.for_site(site)
    indexes = {
        code: AnnouncementIndexPage.objects.live().filter(locale__language_code=code).only("url_path").first()
        for code, _name in settings.LANGUAGES
    }
    return SiteParts(version, site, organisation, indexes)


def site_parts_of(request):
    return getattr(request, _REQUEST_ATTRIBUTE, None)


def _use(request, parts):
    from .models import OrganisationSettings

    setattr(request, _REQUEST_ATTRIBUTE, parts)
    request._wagtail_site = parts.site
    if parts.organisation is not None:
        parts.organisation._request = request
        setattr(request, OrganisationSettings.get_cache_attr_name(), parts.organisation)


def kept_for_page(request, name, page_id, read):
    """A value about one page read once per content version (`read()` computes it)."""
    parts = site_parts_of(request)
    if parts is None:
        return read()
    key = f"site-parts:{name}:{parts.version}:{request.get_host()}:{page_id}"
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, settings.SITE_PARTS_CACHE_SECONDS)
    return value


class SitePartsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.SITE_PARTS_CACHE_SECONDS
        if not seconds:
            return self.get_response(request)
        key = _parts_key(request)
        kept = cache.get_many([VERSION_KEY, key])
        version = kept.get(VERSION_KEY, 0)
        parts = kept.get(key)
        if parts is None or parts.version != version:
            try:
                parts = _read_parts(request, version)
            except DatabaseError:  # the database down or not migrated: /healthz and the error page say so
                return self.get_response(request)
            cache.set(key, parts, seconds)
        _use(request, parts)
        return self.get_response(request)

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from cms.models import AnnouncementIndexPage
from cms.site_parts import kept_for_page, site_parts_of

register = template.Library()


def _translations(request, page):
    """The live translations of the page, and of the site's home page for the languages the page is not
    in, by language code: one query for all languages."""
    site = Site.find_for_request(request)
    keys = [page.translation_key] + ([site.root_page.translation_key] if site else [])
    found = {}
    for candidate in Page.objects.filter(translation_key__in=keys, live=True).select_related("locale"):
        if candidate.translation_key == page.translation_key or candidate.locale.language_code not in found:
            found[candidate.locale.language_code] = candidate
    return found


def _translated_url(request, page, translations, language_code):
    """The same page in another language; its home page when the page has no translation."""
    if page is None:
        return translate_url(request.get_full_path(), language_code)
    translation_page = translations.get(language_code)
    if translation_page is None:
        return translate_url("/", language_code)
    return translation_page.get_url(request)


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One entry per site language: code, name, URL of this page in it, and whether it is the current one."""
    request = context["request"]
    if not isinstance(page, Page):
        page = None
    current = translation.get_language()
    if page is None:
        urls = {code: _translated_url(request, None, {}, code) for code, _name in settings.LANGUAGES}
    else:
        urls = kept_for_page(request, "language-links", page.pk, lambda: _translated_urls(request, page))
    return [
        {"code": code, "name": name, "url": urls[code], "is_current": code == current}
        for code, name in settings.LANGUAGES
    ]


def _translated_urls(request, page):
    translations = _translations(request, page)
    return {code: _translated_url(request, page, translations, code) for code, _name in settings.LANGUAGES}


@register.simple_tag(takes_context=True)
def announcement_index(context):
    """The announcement list of the language being shown, for the main navigation."""
    language = translation.get_language()
    parts = site_parts_of(context.get("request"))
    if parts is not None and parts.site is not None:
        return parts.announcement_indexes.get(language)
    return AnnouncementIndexPage.objects.live().filter(locale__language_code=language).only("url_path").first()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def organisation_text(context, organisation, field):
    """An organisation setting in the language being shown, falling back to Thai."""
    return organisation.localized(field, translation.get_language())

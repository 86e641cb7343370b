from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from cms.models import AnnouncementIndexPage

register = template.Library()


def _translated_url(request, page, language_code):
    """The same page in another language; its home page when the page has no translation."""
    if page is None:
        return translate_url(request.get_full_path(), language_code)
    locale = Locale.objects.filter(language_code=language_code).first()
    translation_page = page.get_translation_or_none(locale) if locale else None
    if translation_page is None or not translation_page.live:
        site = Site.find_for_request(request)
        root = site.root_page.get_translation_or_none(locale) if (site and locale) else None
        translation_page = root if root and root.live else None
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
    return [
        {
            "code": code,
            "name": name,
            "url": _translated_url(request, page, code),
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag
def announcement_index():
    """The announcement list of the language being shown, for the main navigation."""
    return AnnouncementIndexPage.objects.live().filter(locale=Locale.get_active()).only("url_path").first()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def organisation_text(context, organisation, field):
    """An organisation setting in the language being shown, falling back to Thai."""
    return organisation.localized(field, translation.get_language())

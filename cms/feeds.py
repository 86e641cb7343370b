from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from .models import AnnouncementIndexPage, AnnouncementPage, OrganisationSettings

FEED_LENGTH = 20


class AnnouncementsFeed(Feed):
    """The newest announcements in the language of the URL (/feed/ Thai, /en/feed/ English).
    It keeps the request on the instance, so each request gets its own (see the views below)."""

    def get_object(self, request):
        self.request = request
        return Locale.get_active()

    def title(self, locale):
        organisation = OrganisationSettings.for_request(self.request)
        name = organisation.localized("name", locale.language_code)
        return f"{_('Announcements')} · {name}" if name else _("Announcements")

    def link(self, locale):
        index = AnnouncementIndexPage.objects.live().filter(locale=locale).first()
        if index:
            return index.get_url(self.request)
        site = Site.find_for_request(self.request)
        return site.root_page.localized.get_url(self.request) if site else "/"

    def description(self, locale):
        return _("News before and after each volunteer event.")

    def items(self, locale):
        return AnnouncementPage.listing(locale=locale)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AnnouncementsAtomFeed(AnnouncementsFeed):
    feed_type = Atom1Feed

    def subtitle(self, locale):
        return self.description(locale)


def rss(request):
    return AnnouncementsFeed()(request)


def atom(request):
    return AnnouncementsAtomFeed()(request)

"""Fewer queries for what every page view asks more than once."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import translation
from wagtail.models import Page, PageViewRestriction


def without_restricted(pages):
    """The pages under no view restriction of their own or of an ancestor, in the same query as the pages
    (Wagtail's `.public()` reads every restriction of the site in a query of its own first)."""
    over_page = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return pages.filter(~Exists(over_page))


class ViewRestrictionsReadOnce:
    """Wagtail's serve checks a page's view restrictions and the page cache's hook asks whether there are
    any (cms.wagtail_hooks): the same two queries twice. The page keeps the queryset, so once it has been
    evaluated both read its rows; anything that filters or orders it gets a fresh query."""

    def get_view_restrictions(self):
        if getattr(self, "_view_restrictions", None) is None:
            self._view_restrictions = PageViewRestriction.objects.filter(page_id__in=self._restricting_page_ids())
        return self._view_restrictions

    def _restricting_page_ids(self):
        """The page and its ancestors, an alias by the page it is an alias of (as Wagtail's own check), as a
        subquery: one query for the restrictions where Wagtail makes two."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return Page.objects.filter(path__in=paths).values(checked=Coalesce("alias_of_id", "id"))


class LocalizedFromSiteParts:
    """The home page kept by cms.site_parts knows its live translation in each language: routing a request
    starts from it without reading the active Locale and the translation again."""

    @property
    def localized(self):
        kept = getattr(self, "translations_by_language", None)
        if kept is None:
            return super().localized
        return kept.get(translation.get_language(), self)


class RoutedByUrlPath:
    """Wagtail finds /news/some-announcement/ one level at a time: each level's child by slug, then its
    specific page, two queries a level. The site's home page looks the page and its parent up by their
    url_path in one query instead, and hands the rest to the page's own route(); a path that names no
    page that way (a page's own sub-routes) is routed level by level as before."""

    def route(self, request, path_components):
        if len(path_components) < 2:
            return super().route(request, path_components)
        parent_path = self.url_path + "/".join(path_components[:-1]) + "/"
        url_path = parent_path + path_components[-1] + "/"
        found = {page.url_path: page for page in self.get_descendants().filter(url_path__in=[parent_path, url_path])}
        if url_path not in found or parent_path not in found:
            return super().route(request, path_components)
        page = found[url_path].specific
        page._cached_parent_obj = found[parent_path]
        return page.route(request, [])

"""Fewer queries for what every page view asks more than once."""


class ViewRestrictionsReadOnce:
    """Wagtail's serve checks a page's view restrictions and the page cache's hook asks whether there are
    any (cms.wagtail_hooks): the same two queries twice. The page keeps the queryset, so once it has been
    evaluated both read its rows; anything that filters or orders it gets a fresh query."""

    def get_view_restrictions(self):
        if getattr(self, "_view_restrictions", None) is None:
            self._view_restrictions = super().get_view_restrictions()
        return self._view_restrictions


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

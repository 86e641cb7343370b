from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from .models import AnnouncementPage, StandardPage
from .search import excerpt, highlight, search_pages, terms_of

RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    query = request.GET.get("q", "")
    terms = terms_of(query)
    locale = Locale.get_active()
    results = []
    for model in (AnnouncementPage, StandardPage):
        pages = model.objects.live().public().filter(locale=locale).defer_streamfields()
        results.extend(search_pages(pages, terms))
    results.sort(key=lambda page: (page.rank, page.first_published_at), reverse=True)
    page_of_results = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    for page in page_of_results:
        page.highlighted_title = highlight(page.title, terms)
        page.highlighted_excerpt = excerpt(page.search_text, terms)
    return render(
        request,
        "cms/search.html",
        {
            "query": query[:100],
            "terms": terms,
            "results": page_of_results,
            "result_count": len(results),
            "query_prefix": urlencode({"q": " ".join(terms)}) + "&",
        },
    )


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /en/accounts/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

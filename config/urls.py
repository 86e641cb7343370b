from pathlib import PurePosixPath

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.http import content_disposition_header
from django.views.static import serve as serve_static_file
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms import feeds
from cms.sitemaps import AllLanguagesSitemap
from cms.thai_slugs import page_urls
from portal.accounts import liff
from portal.accounts import views as account_views
from portal.events import views as event_views
from portal.notifications import line_webhook

from . import health

urlpatterns = [
    # /healthz is the readiness check's first address, which operators' monitors already use.
    path("healthz", health.ready, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    # LINE (docs/line.md): the Messaging API's webhook, and the LIFF app's endpoint with its login.
    path("line/webhook/", line_webhook.webhook, name="line_webhook"),
    path("line/liff/", liff.entry, name="liff_entry"),
    path("line/liff/<path:rest>", liff.entry, name="liff_entry"),
    path("line/liff-login/", liff.login, name="liff_login"),
]


def serve_media_file(request, path):
    """An uploaded file, which the browser may show if it is a raster image and must download otherwise:
    an uploaded HTML or SVG file opened from our own origin could run scripts as the site."""
    response = serve_static_file(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("image/") or content_type.startswith("image/svg"):
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=PurePosixPath(path).name)
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


if settings.SERVE_MEDIA:
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media_file),
    ]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("profile/", include("portal.accounts.urls")),
    path("guardian/<uuid:token>/", account_views.guardian_consent, name="guardian_consent"),
    path("events/", include("portal.events.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("certificates/<str:code>/", event_views.verify_certificate, name="certificate_verify"),
    path("search/", cms_views.search, name="search"),
    path("feed/", feeds.rss, name="announcements_feed"),
    path("feed/atom/", feeds.atom, name="announcements_atom_feed"),
    # Wagtail's catch-all comes last.
    path("", include(page_urls())),
    prefix_default_language=False,
)

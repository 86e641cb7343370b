import posixpath
from pathlib import PurePosixPath

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import Http404, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.http import content_disposition_header
from django.views.static import serve as serve_static_file
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtail_document_views

from cms import feeds
from cms import views as cms_views
from cms.sitemaps import AllLanguagesSitemap
from cms.thai_slugs import page_urls
from portal.accounts import liff, staff_login
from portal.accounts import views as account_views
from portal.events import views as event_views
from portal.exports.site_history import SiteHistoryView
from portal.notifications import line_webhook
from portal.notifications import views as notification_views

from . import health


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    # /healthz is the readiness check's first address, which operators' monitors already use.
    path("healthz", health.ready, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    # Before Wagtail's own: the admin's log-in page leads to the one every person uses (allauth's), and the
    # site history shows a coordinator only their own programmes' entries (docs/upgrading.md).
    path("admin/login/", staff_login.admin_login, name="wagtailadmin_login"),
    path("admin/reports/site-history/", require_admin_access(SiteHistoryView.as_view())),
    path("admin/reports/site-history/results/", require_admin_access(SiteHistoryView.as_view(results_only=True))),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        staff_login.throttled_shared_password(wagtail_document_views.authenticate_with_password),
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLanguagesSitemap}}, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("favicon.ico", favicon),
    # LINE (docs/line-chat.md): the Messaging API's webhook, and the LIFF app's endpoint with its login.
    path("line/webhook/", line_webhook.webhook, name="line_webhook"),
    path("line/liff/", liff.entry, name="liff_entry"),
    path("line/liff/<path:rest>", liff.entry, name="liff_entry"),
    path("line/liff-login/", liff.login, name="liff_login"),
]


# Wagtail's image files. Nothing else under MEDIA_ROOT is served from it: documents go through
# Wagtail's serve view (/documents/…), which checks their collection's privacy first.
SERVED_MEDIA_FOLDERS = ("original_images", "images")


def serve_media_file(request, path):
    """An uploaded image, which the browser may show if it is a raster image and must download otherwise:
    an uploaded HTML or SVG file opened from our own origin could run scripts as the site."""
    parts = PurePosixPath(posixpath.normpath("/" + path)).parts[1:]
    if not settings.SERVE_MEDIA or not parts or parts[0] not in SERVED_MEDIA_FOLDERS:
        raise Http404
    response = serve_static_file(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("image/") or content_type.startswith("image/svg"):
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=PurePosixPath(path).name
        )
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media_file)]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("profile/", include("portal.accounts.urls")),
    path("guardian/<str:token>/", account_views.guardian_consent, name="guardian_consent"),
    path("events/", include("portal.events.urls")),
    path("notifications/unsubscribe/<str:token>/", account_views.unsubscribe, name="notifications_unsubscribe"),
    path("notifications/messages/<uuid:key>/", notification_views.whole_message, name="notifications_message"),
    path("certificates/<str:code>/", event_views.verify_certificate, name="certificate_verify"),
    path("search/", cms_views.search, name="search"),
    path("feed/", feeds.rss, name="announcements_feed"),
    path("feed/atom/", feeds.atom, name="announcements_atom_feed"),
    # Wagtail's catch-all comes last.
    path("", include(page_urls())),
    prefix_default_language=False,
)

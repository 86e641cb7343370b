"""Security headers on every kind of page: a strict Content Security Policy that the public and portal
pages actually satisfy (nothing inline for it to block), a looser one only for the Wagtail admin,
nosniff, Referrer-Policy and frame protections; HSTS and secure cookies in production."""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from cms.models import StandardPage
from portal.events import services
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event
from tests.production import ROOT, production_environment

pytestmark = pytest.mark.django_db

ANNOUNCEMENT_WITH_ALBUM = "/news/training-social-innovators-dan-mae-lamao/"
# Scripts of these types are data for a script, never run, so a policy does not block them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def _policy(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy header"
    directives = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


class InlineCodeFinder(HTMLParser):
    """Collects every piece of markup a policy without 'unsafe-inline' would block."""

    def __init__(self, nonce):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif (
                name.startswith("on")
                or name in ("href", "src", "action")
                and (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f'<{tag} {name}="{value}">')
        carries_nonce = self.nonce is not None and attributes.get("nonce") == self.nonce
        if tag == "style" and not carries_nonce:
            self.found.append("<style> block")
        inline_script = tag == "script" and "src" not in attributes and not carries_nonce
        if inline_script and (attributes.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            self.found.append(f"<script {attributes}> without src")


def _inline_code(response):
    finder = InlineCodeFinder(nonce=getattr(response.wsgi_request, "_csp_nonce", None))
    finder.feed(response.content.decode())
    return finder.found


@pytest.fixture
def event(db):
    return Event.objects.get(title=TRAINING_TITLE)


def _user(username):
    return get_user_model().objects.get(username=username)


def _pages(event):
    """(name, who is logged in, path, expected status)"""
    return [
        ("home", None, "/", 200),
        ("announcement index", None, "/news/", 200),
        ("announcement with album", None, ANNOUNCEMENT_WITH_ALBUM, 200),
        ("standard page", None, "/about/", 200),
        ("search", None, "/search/?q=อาสา", 200),
        ("event list", None, "/events/", 200),
        ("event detail", None, f"/events/{event.pk}/", 200),
        ("login", None, "/accounts/login/", 200),
        ("allauth password reset", None, "/accounts/password/reset/", 200),
        ("not found", None, "/no-such-page/", 404),
        ("event page with the sign-up form", "volunteer", f"/events/{event.pk}/", 200),
        ("my events", "volunteer", "/events/mine/", 200),
        ("profile", "volunteer", "/profile/", 200),
        ("profile form", "volunteer", "/profile/edit/", 200),
        ("check-in", "coordinator", f"/events/{event.pk}/check-in/", 200),
        ("english home", None, "/en/", 200),
        ("home with the userbar an editor sees", "editor", "/", 200),
    ]


def _get(client, username, path):
    client.logout()
    if username:
        client.force_login(_user(username))
    return client.get(path)


def test_public_and_portal_pages_send_a_strict_policy_and_contain_nothing_it_would_block(client, event):
    failures = []
    for name, username, path, status in _pages(event):
        response = _get(client, username, path)
        assert response.status_code == status, f"{name} ({path}) answered {response.status_code}"
        policy = _policy(response)
        for directive in ("script-src", "style-src"):
            assert policy[directive] == ["'self'"], f"{name}: {directive} {policy[directive]}"
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "https://www.youtube.com" in policy["frame-src"]
        assert response.headers["X-Frame-Options"] == "DENY", name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        blocked = _inline_code(response)
        if blocked:
            failures.append(f"{name} ({path}): {blocked}")
    assert not failures, "Inline code the policy blocks:\n" + "\n".join(failures)


def test_a_video_embedded_in_a_page_is_allowed_by_the_policy_and_adds_nothing_inline(client):
    video = "https://www.youtube.com/watch?v=csp-test"
    # What YouTube's oEmbed endpoint answers, stored as Wagtail caches it, so no request leaves the machine.
    Embed.objects.create(
        url=video,
        hash=get_embed_hash(video),
        type="video",
        title="วิดีโอกิจกรรม",
        width=200,
        height=113,
        html='<iframe width="200" height="113" src="https://www.youtube.com/embed/csp-test?feature=oembed" '
        'frameborder="0" allow="encrypted-media; picture-in-picture" allowfullscreen title="วิดีโอกิจกรรม"></iframe>',
    )
    about = StandardPage.objects.get(slug="about", locale__language_code="th")
    about.body.append(("embed", EmbedValue(video)))
    about.save_revision().publish()

    response = client.get("/about/")
    assert 'src="https://www.youtube.com/embed/csp-test' in response.content.decode()
    assert "https://www.youtube.com" in _policy(response)["frame-src"]
    assert _inline_code(response) == []


def test_the_album_viewer_and_scripts_come_from_static_files(client):
    html = client.get(ANNOUNCEMENT_WITH_ALBUM).content.decode()
    assert '<script src="/static/js/site.js' in html
    assert 'href="/static/css/site.css' in html


@pytest.mark.parametrize(
    "username, path", [("editor", "/admin/pages/"), ("admin", "/admin/")], ids=["explorer", "dashboard"]
)
def test_the_wagtail_admin_gets_its_own_looser_policy(client, username, path):
    response = _get(client, username, path)
    assert response.status_code == 200
    policy = _policy(response)
    # Wagtail's admin ships inline scripts and styles; it may frame itself (page previews), nobody else may.
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_strict_policy_also_covers_a_page_served_from_the_public_page_cache(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    first, second = client.get("/about/"), client.get("/about/")
    assert first.status_code == second.status_code == 200
    assert _policy(second)["script-src"] == ["'self'"]
    assert second.headers["X-Frame-Options"] == "DENY"


PRODUCTION_HEADERS = """
import json
from django.test import Client
response = Client().get("/healthz", secure=True, HTTP_HOST="volunteers.example.org")
from django.conf import settings
print(json.dumps({
    "hsts": response.headers.get("Strict-Transport-Security"),
    "csp": response.headers.get("Content-Security-Policy"),
    "nosniff": response.headers.get("X-Content-Type-Options"),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
}))
"""


def test_production_adds_hsts_and_sends_cookies_only_over_https():
    environment = production_environment(
        DATABASE_URL=os.environ["DATABASE_URL"], REDIS_URL=os.environ["REDIS_URL"], PATH="/usr/bin:/bin"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRODUCTION_HEADERS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in found["csp"]
    assert found["nosniff"] == "nosniff"
    assert found["session_cookie_secure"] and found["csrf_cookie_secure"] and found["session_cookie_httponly"]


def test_a_volunteer_signed_up_sees_the_same_clean_my_events_page(client, event):
    services.sign_up(_user("volunteer"), event)
    response = _get(client, "volunteer", "/events/mine/")
    assert response.status_code == 200
    assert event.title in response.content.decode()
    assert _inline_code(response) == []

"""Visitors who are not logged in get public pages from the page cache; nobody ever sees a page
older than the last change to its content, and logged-in people never get a shared page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import AnnouncementPage
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event
from portal.events.services import sign_up

pytestmark = pytest.mark.django_db

NEWS = "/news/training-social-innovators-dan-mae-lamao/"


@pytest.fixture(autouse=True)
def page_cache(settings, demo):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def queries_for(client, path, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return response, len(queries)


def test_a_second_visitor_gets_the_page_without_touching_the_database(client):
    first, first_queries = queries_for(client, NEWS)
    second, second_queries = queries_for(client, NEWS)
    assert first_queries > 5
    assert second_queries == 0
    assert second.content == first.content


def test_publishing_a_change_shows_at_once(client, django_capture_on_commit_callbacks):
    queries_for(client, NEWS)
    page = AnnouncementPage.objects.get(
        url_path__endswith="/training-social-innovators-dan-mae-lamao/", locale__language_code="th"
    )
    page.title = "หัวข้อข่าวที่แก้ไขแล้ว"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response, _ = queries_for(client, NEWS)
    assert "หัวข้อข่าวที่แก้ไขแล้ว" in response.content.decode()


def test_seats_left_on_the_home_page_follow_each_sign_up(client, make_volunteer, django_capture_on_commit_callbacks):
    event = Event.objects.get(title=TRAINING_TITLE)
    before = client.get("/").content.decode()
    assert f"0 จาก {event.capacity} ที่นั่ง" in before
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(make_volunteer("somsri"), event)
    after = client.get("/").content.decode()
    assert f"1 จาก {event.capacity} ที่นั่ง" in after


def test_logged_in_people_and_query_strings_never_get_the_shared_page(client, make_volunteer):
    anonymous, _ = queries_for(client, "/")
    volunteer = make_volunteer("somchai")
    client.force_login(volunteer)
    own, own_queries = queries_for(client, "/")
    assert own_queries > 0
    assert own.content != anonymous.content  # their own header: the profile link, not "log in"
    client.logout()
    client.cookies.clear()
    queries_for(client, "/news/?tag=อบรม")
    _, filtered_queries = queries_for(client, "/news/?tag=อบรม")
    assert filtered_queries > 0


def test_a_page_that_hands_out_a_csrf_token_is_not_shared(client, rf):
    # The search page has no form that posts, but the log-in page does: it is not a Wagtail page
    # and is never kept; a Wagtail page whose rendering asked for a CSRF token is not kept either.
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from cms.page_cache import PublicPageCacheMiddleware, mark_public

    def view(request):
        mark_public(request)
        return HttpResponse(get_token(request))

    middleware = PublicPageCacheMiddleware(view)
    first = middleware(rf.get("/a-form/"))
    second = middleware(rf.get("/a-form/"))
    assert first.content != second.content


def test_the_events_seats_and_its_cancellation_show_at_once_on_cached_pages(client, django_capture_on_commit_callbacks):
    from portal.events import services

    event = Event.objects.get(title=TRAINING_TITLE)
    call = "/news/call-for-participants-social-innovators/"
    assert f"0 จาก {event.capacity} ที่นั่ง" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_capacity(event, 80, by=None)
    assert "0 จาก 80 ที่นั่ง" in client.get("/").content.decode()
    assert "0 จาก 80 ที่นั่ง" in client.get(call).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event, by=None)
    assert "ถูกยกเลิกแล้ว" in client.get(call).content.decode()
    assert f"/events/{event.pk}/" not in client.get("/").content.decode(), "no longer among the upcoming events"

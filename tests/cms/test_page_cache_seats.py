"""A sign-up changes the seats of one event: the cached pages that show those seats follow it at once,
and every other cached page stays cached through the rush."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from cms import page_cache
from portal.events import services
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event, Signup

pytestmark = pytest.mark.django_db

NEWS = "/news/training-social-innovators-dan-mae-lamao/"  # the 12-photo album, no seats on it
CALL = "/news/call-for-participants-social-innovators/"  # the training's event card


@pytest.fixture(autouse=True)
def cached(settings, demo):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def training():
    return Event.objects.get(title=TRAINING_TITLE)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(operation, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return operation(*args, **kwargs)

    return run


def page(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_sign_up_leaves_pages_without_those_seats_in_the_cache(client, training, make_volunteer, committed):
    page(client, NEWS)
    committed(services.sign_up, make_volunteer("somsri"), training)
    _, queries = page(client, NEWS)
    assert queries == 0


def test_home_page_and_event_card_follow_sign_ups_and_cancellations(client, training, make_volunteer, committed):
    for path in ("/", CALL):
        assert f"0 จาก {training.capacity} ที่นั่ง" in page(client, path)[0]
    signup = committed(services.sign_up, make_volunteer("somsri"), training)
    for path in ("/", CALL):
        assert f"1 จาก {training.capacity} ที่นั่ง" in page(client, path)[0]
    committed(services.cancel, signup, by=signup.user)
    for path in ("/", CALL):
        content, _queries = page(client, path)
        assert f"0 จาก {training.capacity} ที่นั่ง" in content
    assert page(client, CALL)[1] == 0, "unchanged since: served from the cache again"


def test_the_waitlist_shows_once_the_event_is_full(client, training, make_volunteer, committed):
    committed(services.change_capacity, training, 1, by=None)
    assert "0 จาก 1 ที่นั่ง" in page(client, CALL)[0]
    committed(services.sign_up, make_volunteer("first"), training)
    assert "สำรอง 0 คน" in page(client, CALL)[0]
    committed(services.sign_up, make_volunteer("second"), training)
    content, _ = page(client, CALL)
    assert "เต็ม" in content and "สำรอง 1 คน" in content
    assert Signup.objects.filter(event=training, status="waitlisted").count() == 1


def test_a_sign_up_to_another_event_keeps_the_card_cached(client, training, make_event, make_volunteer, committed):
    other = make_event(capacity=30)
    assert "0 จาก 30 ที่นั่ง" in page(client, "/")[0]
    page(client, CALL)
    committed(services.sign_up, make_volunteer("somsri"), other)
    assert page(client, CALL)[1] == 0
    assert "1 จาก 30 ที่นั่ง" in page(client, "/")[0], "the home page lists the other event too"


def test_a_sign_up_committed_while_the_page_renders_is_not_hidden_by_the_cache(rf, training, make_volunteer, committed):
    # The page names the event, then counts; a sign-up that commits after it named the event is
    # after the version the page is kept with, so the next visitor gets a new count.
    counts = iter(["0 taken", "1 taken"])

    def view(request):
        page_cache.mark_public(request)
        page_cache.shows_seats_of([training.pk])
        shown = next(counts)
        if shown == "0 taken":
            committed(services.sign_up, make_volunteer("somsri"), training)
        return HttpResponse(shown)

    middleware = page_cache.PublicPageCacheMiddleware(view)
    assert middleware(rf.get("/race/")).content == b"0 taken"
    assert middleware(rf.get("/race/")).content == b"1 taken"

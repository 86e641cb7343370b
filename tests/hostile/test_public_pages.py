"""What visitors type into addresses and filters of the public pages."""

from urllib.parse import quote, urlencode

import pytest

from cms.models import AnnouncementIndexPage
from tests.hostile.typed import HOSTILE, HOSTILE_IDS, SCRIPT, THAI, assert_safe

pytestmark = pytest.mark.django_db


# --- what visitors type into addresses and filters ---------------------------------------------

PUBLIC_FILTERS = [
    "/search/?q={}",
    "/search/?q=อาสา&page={}",
    "/events/?province={}",
    "/events/?group={}",
    "/events/?from={}",
    "/profile/address-options/?province={}",
    "/profile/address-options/?district={}",
]


@pytest.mark.parametrize("url", PUBLIC_FILTERS)
@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_public_filters_take_anything(client, url, typed):
    assert_safe(client.get(url.format(quote(typed))))


@pytest.mark.parametrize("name", ["tag", "year", "page"])
@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_announcement_filters_take_anything(client, name, typed):
    index = AnnouncementIndexPage.objects.live().first()
    response = client.get(f"{index.url}?{urlencode({name: typed})}")
    assert response.status_code == 200
    assert_safe(response)


@pytest.mark.parametrize("typed", HOSTILE, ids=HOSTILE_IDS)
def test_links_with_anything_in_them_are_simply_not_found(client, typed):
    for url in ("/certificates/{}/", "/notifications/unsubscribe/{}/"):
        response = client.get(url.format(quote(typed, safe="")))
        assert response.status_code == 404
        assert_safe(response)


def test_what_was_searched_for_is_shown_escaped(client):
    response = client.get("/search/?" + urlencode({"q": SCRIPT}))
    assert "&lt;script&gt;" in response.content.decode()
    assert_safe(response)


def test_a_date_that_does_not_exist_gets_a_message_in_thai(client):
    response = client.get("/events/?from=31/02/2563")
    assert "กรอกวันที่" in response.context["date_error"] or THAI.search(response.context["date_error"])
    assert response.context["date_error"] in response.content.decode()

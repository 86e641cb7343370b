"""What an announcement costs when it is rendered, not served from the page cache (a logged-in
volunteer, the first visitor after a change): the 12-photo album in a fixed number of queries, and a
repeat view reads renditions without writing any of them to the cache again."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_parts_kept(settings):
    settings.SITE_PARTS_CACHE_SECONDS = 3600
    caches["default"].clear()
    yield
    caches["default"].clear()


NEWS = "/news/training-social-innovators-dan-mae-lamao/"
ANNOUNCEMENT_QUERIES = 12  # was 31, then 21 (issue 17): the site's parts kept by content version (cms.site_parts)
EVENT_PAGE_QUERIES = 14  # 18 before the site, its settings and the announcement list were kept by content version


def test_the_12_photo_announcement_in_a_fixed_number_of_queries_and_no_cache_writes(client, demo):
    first = client.get(NEWS)
    assert first.content.count(b'class="gallery__item"') == 12
    writes = []
    backend = type(caches["default"])
    real_set, real_set_many = backend.set, backend.set_many
    with (
        mock.patch.object(
            backend,
            "set",
            autospec=True,
            side_effect=lambda self, key, *a, **k: writes.append(key) or real_set(self, key, *a, **k),
        ),
        mock.patch.object(
            backend,
            "set_many",
            autospec=True,
            side_effect=lambda self, d, *a, **k: writes.extend(d) or real_set_many(self, d, *a, **k),
        ),
        CaptureQueriesContext(connection) as queries,
    ):
        again = client.get(NEWS)
    assert again.status_code == 200
    assert again.content == first.content
    assert len(queries) == ANNOUNCEMENT_QUERIES, "\n".join(query["sql"][:200] for query in queries)
    assert writes == []


def test_the_logged_in_event_page_in_a_fixed_number_of_queries(client, demo, make_volunteer):
    event = Event.objects.get(title=TRAINING_TITLE)
    client.force_login(make_volunteer("somsri"))
    client.get(f"/events/{event.pk}/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/events/{event.pk}/")
    assert response.status_code == 200
    assert len(queries) == EVENT_PAGE_QUERIES, "\n".join(query["sql"][:200] for query in queries)

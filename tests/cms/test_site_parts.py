"""The site, its settings, the announcement list and the language links are kept by content version
(cms.site_parts): a logged-in volunteer, who never gets a cached page, sees each change on the next view."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction, Site

from cms.models import AnnouncementPage, OrganisationSettings

pytestmark = pytest.mark.django_db

NEWS = "/news/training-social-innovators-dan-mae-lamao/"


@pytest.fixture(autouse=True)
def site_parts_kept(settings, demo):
    settings.SITE_PARTS_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def volunteer_client(client, make_volunteer):
    client.force_login(make_volunteer("somsri"))
    return client


def test_a_changed_organisation_name_shows_on_the_next_view(volunteer_client, django_capture_on_commit_callbacks):
    volunteer_client.get(NEWS)
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    organisation.name = "ศูนย์อาสาชื่อใหม่"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert "ศูนย์อาสาชื่อใหม่" in volunteer_client.get(NEWS).content.decode()


def test_a_renamed_announcement_list_moves_the_menu_link(volunteer_client, django_capture_on_commit_callbacks):
    assert 'href="/news/"' in volunteer_client.get("/events/").content.decode()
    index = (
        AnnouncementPage.objects.get(
            url_path__endswith="/training-social-innovators-dan-mae-lamao/", locale__language_code="th"
        )
        .get_parent()
        .specific
    )
    index.slug = "khao"
    with django_capture_on_commit_callbacks(execute=True):
        index.save_revision().publish()
    page = volunteer_client.get("/events/").content.decode()
    assert 'href="/khao/"' in page
    assert 'href="/news/"' not in page


def test_the_language_switcher_and_english_routing_come_from_the_kept_parts(volunteer_client):
    for _ in range(2):
        thai = volunteer_client.get(NEWS).content.decode()
        english = volunteer_client.get("/en" + NEWS)
    assert 'hreflang="en" lang="en"' in thai
    assert f'href="/en{NEWS}"' in thai
    assert english.status_code == 200
    assert 'lang="en"' in english.content.decode()


def test_a_page_restricted_after_it_was_kept_is_refused_and_left_out_of_listings(
    client, django_capture_on_commit_callbacks
):
    assert client.get(NEWS).status_code == 200
    page = AnnouncementPage.objects.get(
        url_path__endswith="/training-social-innovators-dan-mae-lamao/", locale__language_code="th"
    )
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(NEWS).status_code == 302
    assert f'href="{NEWS}"' not in client.get("/news/").content.decode()
    assert f'href="{NEWS}"' not in client.get("/").content.decode()

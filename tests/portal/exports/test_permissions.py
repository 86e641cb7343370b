"""Only the people who coordinate an event may export its people; editors never see them."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _thai(msgid):
    with translation.override("th"):
        return translation.gettext(msgid)


def _export_urls(event):
    return [
        reverse("exports:signups", kwargs={"fmt": "csv"}) + f"?event={event.pk}",
        reverse("exports:signups", kwargs={"fmt": "xlsx"}) + f"?event={event.pk}",
        reverse("exports:sign_in_sheet", args=[event.pk]),
        reverse("exports:summary", kwargs={"event_id": event.pk, "fmt": "pdf"}),
        reverse("exports:summary", kwargs={"event_id": event.pk, "fmt": "xlsx"}),
    ]


@pytest.mark.parametrize("who", ["editor", "other_coordinator"])
def test_editors_and_other_programmes_coordinators_are_refused_every_export(client, request, training, who):
    client.force_login(request.getfixturevalue(who))
    for url in _export_urls(training):
        response = client.get(url)
        assert response.status_code == 403, url
        assert _thai("Only the coordinators of a programme may export its sign-ups.") in response.content.decode()


def test_an_editor_cannot_export_the_whole_list_either(client, editor, training, sign_up_person):
    sign_up_person(training, "มานี", "มีนา")
    client.force_login(editor)
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("exports:signups", kwargs={"fmt": fmt})).status_code == 403


def test_the_programmes_coordinator_and_an_admin_get_every_export(client, coordinator, training):
    admin = get_user_model().objects.create_superuser("export-admin", "export-admin@example.org", "x")
    for user in (coordinator, admin):
        client.force_login(user)
        for url in _export_urls(training):
            assert client.get(url).status_code == 200, url


def test_a_volunteer_or_a_visitor_does_not_get_past_the_admin_login(client, make_volunteer, training):
    url = reverse("exports:sign_in_sheet", args=[training.pk])
    assert client.get(url).status_code == 302
    client.force_login(make_volunteer("just-a-volunteer"))
    assert client.get(url).status_code in (302, 403)

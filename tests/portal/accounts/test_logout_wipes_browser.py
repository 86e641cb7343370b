"""Logging out by any door tells the browser to forget what our pages kept in it (the check-in roster and queue
in IndexedDB, the service worker's cache): a shared phone handed on keeps no one's list."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

WIPE = '"cache", "storage"'


def test_the_portals_log_out_wipes_the_browser(client, volunteer):
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == WIPE
    assert "_auth_user_id" not in client.session


def test_the_admins_log_out_wipes_it_too(client, make_volunteer):
    coordinator = make_volunteer("coord")
    coordinator.groups.add(Group.objects.get(name="Coordinators"))
    client.force_login(coordinator)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == WIPE


def test_nothing_else_wipes_it(client, volunteer):
    assert "Clear-Site-Data" not in client.get("/events/")
    assert "Clear-Site-Data" not in client.get("/accounts/logout/")  # the question, not the log-out
    client.logout()
    assert "Clear-Site-Data" not in client.post("/accounts/login/", {"login": "somchai@example.org", "password": "x"})

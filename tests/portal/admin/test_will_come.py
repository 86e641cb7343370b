"""The coordinator sees how many said on LINE that they will come: on the dashboard, in the
sign-up listing (a column and a filter) and on the check-in page."""

import re

import pytest

from portal.events import services
from tests.factories import EventFactory
from tests.portal.admin.test_dashboard_and_volunteers import panel, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinated(staff, ours, make_signup):
    event = EventFactory(programme=ours, title="อบรมนวัตกร", capacity=5)
    signups = [make_signup(event, name) for name in ("a", "b", "c")]
    services.confirm_attendance(signups[0], by=signups[0].user)
    services.confirm_attendance(signups[1], by=signups[1].user)
    services.cancel(signups[1], by=signups[1].user)
    return event, signups


def test_the_dashboard_counts_who_will_come(client, staff, coordinated):
    client.force_login(staff["coordinator"])
    cells = row_of(panel(client.get("/admin/").content.decode()), "อบรมนวัตกร")
    assert cells[5] == "1", "one said they will come; the other cancelled since"
    assert "ยืนยันว่าจะไป (LINE)" in client.get("/admin/").content.decode()


def test_the_sign_up_listing_shows_and_filters_who_will_come(client, staff, coordinated):
    event, signups = coordinated
    client.force_login(staff["coordinator"])
    listing = client.get(f"/admin/signups/?event={event.pk}").content.decode()
    assert "ยืนยันว่าจะไป (LINE)" in listing
    said = client.get(f"/admin/signups/results/?event={event.pk}&will_come=yes").content.decode()
    assert re.findall(r'id="signup_(\d+)_title"', said) == [str(signups[0].pk)]
    not_said = client.get(f"/admin/signups/results/?event={event.pk}&will_come=no").content.decode()
    assert sorted(re.findall(r'id="signup_(\d+)_title"', not_said)) == sorted([str(signups[1].pk), str(signups[2].pk)])


def test_the_check_in_page_counts_who_will_come(client, staff, coordinated):
    event, _signups = coordinated
    client.force_login(staff["coordinator"])
    page = client.get(f"/events/{event.pk}/check-in/?q=สมชาย").content.decode()
    assert "ยืนยันทาง LINE ว่าจะไป 1 คน" in page
    assert page.count("ยืนยันว่าจะไป (LINE)") == 1, "beside the one person who said it"

"""What a POST by the wrong person does: nothing."""

import pytest

from portal.accounts.services import profile_of
from portal.events.models import CalendarFeed, Signup, SignupStatus
from tests.factories import EventFactory
from tests.url_access import DENIED, LOGIN, NOT_FOUND, REDIRECT, outcome

pytestmark = pytest.mark.django_db


# --- what a POST by the wrong person does: nothing ---------------------------------------------


def post_as(client, user, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return outcome(client.post(url, data or {}))


def test_cancelling_someone_elses_signup_changes_nothing(client, people):
    mine = people["mine"]
    assert post_as(client, people["other_volunteer"], f"/events/signups/{mine.pk}/cancel/") == NOT_FOUND
    assert post_as(client, people["coordinator"], f"/events/signups/{mine.pk}/cancel/") == NOT_FOUND
    assert post_as(client, None, f"/events/signups/{mine.pk}/cancel/") == LOGIN
    mine.refresh_from_db()
    assert mine.status == SignupStatus.CONFIRMED


def test_registering_without_an_account_changes_nothing(client, people):
    before = Signup.objects.count()
    assert post_as(client, None, f"/events/{people['other_event'].pk}/register/") == LOGIN
    assert Signup.objects.count() == before


def test_checking_in_at_an_event_one_does_not_coordinate_changes_nothing(client, people):
    others, url = people["others"], f"/events/{people['event'].pk}/check-in/"
    for role in ("other_volunteer", "volunteer", "editor", "approver", "other_coordinator"):
        assert post_as(client, people[role], url, {"signup": others.pk}) == DENIED, role
    assert post_as(client, None, url, {"signup": others.pk}) == LOGIN
    others.refresh_from_db()
    assert others.checked_in_at is None


def test_resetting_the_calendar_address_without_an_account_changes_nothing(client, people):
    feed = CalendarFeed.objects.create(user=people["volunteer"])
    assert post_as(client, None, "/events/calendar/reset/") == LOGIN
    assert CalendarFeed.objects.get(user=people["volunteer"]).token == feed.token


def test_a_forged_unsubscribe_link_changes_nothing(client, people):
    assert post_as(client, None, "/notifications/unsubscribe/forged/") == NOT_FOUND
    assert profile_of(people["volunteer"]).notify_by_email


def test_another_programmes_coordinator_cannot_approve_or_remind(client, people, make_signup, ours):
    from portal.notifications.models import Delivery

    pending = make_signup(EventFactory(programme=ours, title="ต้องอนุมัติ", requires_approval=True), "somying")
    approve = f"/admin/bulk/portal_events/signup/approve/?id={pending.pk}"
    for role in ("other_coordinator", "editor", "approver", "volunteer"):
        post_as(client, people[role], approve)
    assert post_as(client, None, approve) == LOGIN
    pending.refresh_from_db()
    assert pending.status == SignupStatus.PENDING

    reminders = f"/admin/notifications/events/{people['event'].pk}/send-reminders/"
    assert post_as(client, people["other_coordinator"], reminders) == DENIED
    assert post_as(client, people["volunteer"], reminders) == LOGIN
    assert not Delivery.objects.filter(kind="reminder").exists()
    # and the one who may, can: the refusals above were not an accident of the set-up
    assert post_as(client, people["coordinator"], approve) == REDIRECT
    pending.refresh_from_db()
    assert pending.status == SignupStatus.CONFIRMED

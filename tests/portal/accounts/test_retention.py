"""Accounts that never confirmed their e-mail address are deleted after the retention period;
nobody who could have taken part in anything is touched."""

import datetime

import pytest
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.accounts.services import remove_unverified_accounts
from tests.beat import BANGKOK, beat_sends, nightly_at

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 29, 3, 0))


def joined(make_volunteer, username, days_ago, **options):
    user = make_volunteer(username, **options)
    user.date_joined = NOW - datetime.timedelta(days=days_ago)
    user.save(update_fields=["date_joined"])
    return user


def test_only_old_unconfirmed_accounts_without_any_link_are_deleted(make_volunteer):
    retention = settings.ACCOUNT_UNVERIFIED_RETENTION_DAYS
    old_unconfirmed = joined(make_volunteer, "old_unconfirmed", retention + 1, verified=False)
    new_unconfirmed = joined(make_volunteer, "new_unconfirmed", retention - 1, verified=False)
    old_confirmed = joined(make_volunteer, "old_confirmed", retention + 1)
    with_line = joined(make_volunteer, "with_line", retention + 1, verified=False)
    SocialAccount.objects.create(user=with_line, provider="line", uid="U0123456789abcdef0123456789abcdef")
    coordinator = joined(make_volunteer, "coordinator_unconfirmed", retention + 1, verified=False)
    coordinator.groups.add(Group.objects.get(name="Coordinators"))

    assert remove_unverified_accounts(now=NOW) == 1

    remaining = set(get_user_model().objects.values_list("username", flat=True))
    assert old_unconfirmed.username not in remaining
    assert {new_unconfirmed.username, old_confirmed.username, with_line.username, coordinator.username} <= remaining
    assert remove_unverified_accounts(now=NOW) == 0


def test_beat_runs_the_clean_up_once_a_night_at_three_bangkok_time():
    start = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=BANGKOK)
    sent = beat_sends("portal.accounts.tasks.remove_unverified_accounts", start, days=3)
    assert sent == nightly_at(3, 0, start, days=3)

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from portal.accounts.models import ConsentPurpose, VolunteerGroup
from portal.accounts.services import profile_of, record_consent

PASSWORD = "a-long-test-password-2563"


@pytest.fixture
def make_volunteer(db):
    """make_volunteer("name", born=date, consent=True, verified=True, complete=True) → a logged-in-able user."""

    def make(username, born=datetime.date(1990, 5, 1), consent=True, verified=True, complete=True):
        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.org", password=PASSWORD, first_name="สมชาย", last_name=username
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        profile = profile_of(user)
        if complete:
            profile.date_of_birth = born
            profile.phone = "+66812345678"
            profile.province_code, profile.district_code, profile.subdistrict_code = "63", "6306", "630609"
            profile.volunteer_group = VolunteerGroup.YOUTH
            profile.save()
        if consent:
            record_consent(user, {ConsentPurpose.PARTICIPATION: True})
        return user

    return make


@pytest.fixture
def volunteer(make_volunteer, client):
    user = make_volunteer("somchai")
    client.force_login(user)
    return user

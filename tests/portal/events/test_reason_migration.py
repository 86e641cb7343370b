"""The migration that gives every existing sign-up change its typed reason reads what the old code
wrote in the note together with the statuses: a rejection whose note says "approved" stays a rejection."""

import importlib

import pytest
from django.apps import apps

from portal.events.models import Signup, SignupChange

pytestmark = pytest.mark.django_db

fill_reasons = importlib.import_module("portal.events.migrations.0006_signup_change_reason").fill_reasons

# (from, to, note, by the person themselves) → (reason, note kept)
OLD_ROWS = [
    (("", "confirmed", "", True), ("signed_up", "")),
    (("waitlisted", "confirmed", "promoted from the waitlist", False), ("promoted", "")),
    (("pending", "confirmed", "approved", False), ("approved", "")),
    (("pending", "waitlisted", "approved", False), ("approved", "")),
    (("pending", "rejected", "approved", False), ("rejected", "approved")),
    (("confirmed", "rejected", "ไม่ตรงกลุ่มเป้าหมาย", False), ("rejected", "ไม่ตรงกลุ่มเป้าหมาย")),
    (("confirmed", "waitlisted", "moved to the waitlist", False), ("moved_to_waitlist", "")),
    (("confirmed", "cancelled", "", True), ("cancelled_by_person", "")),
    (("confirmed", "cancelled", "", False), ("cancelled_by_coordinator", "")),
    (("confirmed", "confirmed", "checked in", False), ("checked_in", "")),
    (("cancelled", "waitlisted", "", True), ("signed_up", "")),
]


def test_each_old_change_gets_the_reason_its_statuses_and_the_old_codes_words_give(event, make_volunteer):
    person, coordinator = make_volunteer("old"), make_volunteer("coord")
    signup = Signup.objects.create(event=event, user=person, status="confirmed")
    rows = [
        SignupChange.objects.create(
            signup=signup,
            from_status=before,
            to_status=after,
            note=note,
            reason="",
            changed_by=person if own else coordinator,
        )
        for (before, after, note, own), _expected in OLD_ROWS
    ]
    fill_reasons(apps, None)
    got = [
        (row.reason, row.note) for row in SignupChange.objects.filter(pk__in=[row.pk for row in rows]).order_by("pk")
    ]
    assert got == [expected for _old, expected in OLD_ROWS]

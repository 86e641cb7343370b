"""The event the hostile tests type into, and its coordinator, logged in."""

import datetime

import pytest

from portal.accounts.models import ConsentPurpose
from portal.accounts.services import record_consent
from portal.events.models import Activity, ActivityKind
from tests.factories import EventFactory


@pytest.fixture
def event(ours):
    event = EventFactory(programme=ours, title="อบรมนวัตกรสังคม")
    Activity.objects.create(
        event=event,
        title="บรรยายศาสตร์พระราชา",
        kind=ActivityKind.LECTURE,
        starts_at=event.starts_at,
        ends_at=event.starts_at + datetime.timedelta(hours=2),
        order=1,
    )
    return event


@pytest.fixture
def coordinator(staff, client):
    record_consent(staff["coordinator"], {ConsentPurpose.PARTICIPATION: True})
    client.force_login(staff["coordinator"])
    return staff["coordinator"]


@pytest.fixture
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

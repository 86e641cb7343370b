"""The event the hostile tests type into, and its coordinator, logged in."""

import pytest

from portal.accounts.models import ConsentPurpose
from portal.accounts.services import record_consent
from tests.factories import EventFactory, LectureFactory


@pytest.fixture
def event(ours):
    event = EventFactory(programme=ours, title="อบรมนวัตกรสังคม")
    LectureFactory(event=event)
    return event


@pytest.fixture
def coordinator(staff, client):
    record_consent(staff["coordinator"], {ConsentPurpose.PARTICIPATION: True})
    client.force_login(staff["coordinator"])
    return staff["coordinator"]


@pytest.fixture
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

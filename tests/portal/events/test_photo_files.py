"""A withheld minor's photo cannot be fetched by its address: originals are kept where nothing serves
them, under random names that renditions inherit, and consent ending (or erasure) changes the names."""

import pytest

from portal.accounts import guardians
from portal.accounts.models import ConsentPurpose
from portal.accounts.services import erase_account, profile_of, record_consent
from portal.events.photos import add_photo
from tests.after_event import attend, finished_event, minor, photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def served_media(settings, tmp_path):
    settings.MEDIA_ROOT, settings.SERVE_MEDIA = tmp_path, True
    return tmp_path


@pytest.fixture
def event(ours, staff):
    record_consent(staff["coordinator"], {ConsentPurpose.PARTICIPATION: True})
    return finished_event(ours)


def _status(client, url):
    return client.get(url).status_code


def test_an_event_photos_original_is_not_served_and_its_name_tells_nothing(client, served_media, staff, event):
    first = add_photo(event, photo_upload(), "ทิวทัศน์วัด", by=staff["coordinator"])
    second = add_photo(event, photo_upload(), "ทิวทัศน์วัด", by=staff["coordinator"])
    names = [first.image.file.name, second.image.file.name]
    assert all(name.startswith("event_photos/") for name in names)
    assert not any(f"event-{event.pk}" in name or str(event.pk) == name.split("/")[1][:-4] for name in names)
    assert names[0] != names[1]
    assert (served_media / names[0]).exists()
    for address in (
        first.image.file.url,
        f"/media/original_images/{names[0].split('/')[1]}",
        f"/media/images/../{names[0]}",
    ):
        assert _status(client, address) == 404, address
    rendition = first.image.get_rendition("fill-240x240")
    assert names[0].split("/")[1][:-4][:20] in rendition.file.name  # its rendition's name is as random
    assert _status(client, rendition.url) == 200


def test_when_photo_consent_ends_the_addresses_pages_showed_stop_working(
    client, served_media, make_volunteer, staff, event, django_capture_on_commit_callbacks
):
    child = minor(make_volunteer, "nongfa", photos=True)
    attend(event, child, staff["coordinator"])
    photo = add_photo(event, photo_upload(), "น้องฟ้าเก็บขยะ", minors=[child], by=staff["coordinator"])
    landscape = add_photo(event, photo_upload(), "ทิวทัศน์วัด", by=staff["coordinator"])
    shown = [photo.image.get_rendition(spec) for spec in ("fill-240x240", "max-1600x1600|format-webp")]
    landscape_shown = landscape.image.get_rendition("fill-240x240")
    original = photo.image.file.name
    assert all(_status(client, rendition.url) == 200 for rendition in shown)

    with django_capture_on_commit_callbacks(execute=True):  # files go once the change is committed
        record_consent(child, {ConsentPurpose.PHOTOS: False}, guardian_consent=profile_of(child).guardian_consent)

    photo.image.refresh_from_db()
    assert photo.image.file.name != original and photo.image.file.name.startswith("event_photos/")
    assert not (served_media / original).exists()
    assert (served_media / photo.image.file.name).exists()
    assert all(_status(client, rendition.url) == 404 for rendition in shown)
    assert not photo.image.renditions.exists()
    assert _status(client, landscape_shown.url) == 200  # photos without that minor keep their addresses
    assert photo.image.get_rendition("fill-240x240").file.name not in {rendition.file.name for rendition in shown}


def test_a_guardians_new_answer_without_photos_renames_them_too(
    client, served_media, make_volunteer, staff, event, django_capture_on_commit_callbacks
):
    child = minor(make_volunteer, "nongdin", photos=True)
    attend(event, child, staff["coordinator"])
    photo = add_photo(event, photo_upload(), "น้องดินปลูกต้นไม้", minors=[child], by=staff["coordinator"])
    shown = photo.image.get_rendition("fill-240x240")
    assert _status(client, shown.url) == 200
    again = guardians.request_guardian_consent(
        profile_of(child), "สมชาย ใจดี", "พ่อ", "089-111-2222", "father-of-nongdin@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        guardians.give_guardian_consent(again, "สมชาย ใจดี", optional=())
    assert not photo.may_be_published
    assert _status(client, shown.url) == 404


def test_erasing_a_minor_renames_the_photos_naming_them(
    client, served_media, make_volunteer, staff, event, django_capture_on_commit_callbacks
):
    child = minor(make_volunteer, "nongnam", photos=True)
    attend(event, child, staff["coordinator"])
    photo = add_photo(event, photo_upload(), "น้องน้ำกวาดลานวัด", minors=[child], by=staff["coordinator"])
    landscape = add_photo(event, photo_upload(), "ทิวทัศน์วัด", by=staff["coordinator"])
    shown, landscape_shown = (picture.image.get_rendition("fill-240x240") for picture in (photo, landscape))
    original = photo.image.file.name
    assert _status(client, shown.url) == 200

    with django_capture_on_commit_callbacks(execute=True):
        erase_account(child)

    photo.refresh_from_db()
    photo.image.refresh_from_db()
    assert not photo.may_be_published
    assert photo.image.file.name != original and not (served_media / original).exists()
    assert _status(client, shown.url) == 404 and not photo.image.renditions.exists()
    assert _status(client, landscape_shown.url) == 200

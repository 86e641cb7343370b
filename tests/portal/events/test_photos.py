"""Photos of the day: the coordinator uploads them from the check-in page on a phone into the
event's album; they arrive upright, smaller and without EXIF; a photo of minors is used in
announcements only while every minor named on it has their guardian's photo consent."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from portal.accounts.models import ConsentPurpose, VolunteerGroup
from portal.accounts.services import record_consent
from portal.events.photos import EventPhoto, add_photo, collection_for, publishable_photos
from tests.after_event import attend, finished_event, in_group, minor, photo_upload

pytestmark = pytest.mark.django_db

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Mobile"}


@pytest.fixture
def event(ours, staff):
    for person in staff.values():
        record_consent(person, {ConsentPurpose.PARTICIPATION: True})
    return finished_event(ours)


def test_the_check_in_page_leads_to_the_photos(client, staff, event):
    client.force_login(staff["coordinator"])
    page = client.get(f"/events/{event.pk}/check-in/", **PHONE).content.decode()
    assert f'href="/events/{event.pk}/photos/"' in page


def test_a_phone_photo_arrives_smaller_upright_and_without_its_location(client, staff, event):
    client.force_login(staff["coordinator"])
    response = client.post(
        f"/events/{event.pk}/photos/",
        {
            "photos": [photo_upload("a.jpg"), photo_upload("b.jpg", width=3000, height=4000)],
            "caption": "ผู้เข้าอบรมฟังบรรยายศาสตร์พระราชา",
            "alt_text": "",
        },
        **PHONE,
    )
    assert response.status_code == 302, response.content
    assert response["Location"] == f"/events/{event.pk}/photos/"
    photos = list(EventPhoto.objects.filter(event=event).select_related("image"))
    assert len(photos) == 2
    for photo in photos:
        assert photo.image.collection == collection_for(event)
        assert photo.caption == photo.alt_text == "ผู้เข้าอบรมฟังบรรยายศาสตร์พระราชา"
        with photo.image.file.open() as stored:
            picture = PillowImage.open(io.BytesIO(stored.read()))
            assert max(picture.size) == 2048
            assert not picture.getexif()
            assert "exif" not in picture.info
    assert {photo.image.width for photo in photos} == {2048, 1536}
    page = client.get(f"/events/{event.pk}/photos/").content.decode()
    assert "2 ภาพในอัลบั้ม" in page


def test_what_is_not_a_photo_is_refused_with_a_message_and_nothing_is_kept(client, staff, event):
    client.force_login(staff["coordinator"])
    fake = SimpleUploadedFile("notes.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = client.post(
        f"/events/{event.pk}/photos/", {"photos": [fake, photo_upload()], "caption": "ภาพ"}, follow=True
    )
    assert EventPhoto.objects.filter(event=event).count() == 1
    shown = [str(message) for message in response.context["messages"]]
    assert any("notes.jpg" in message for message in shown)


def test_only_the_events_coordinators_upload(client, staff, event):
    for who in ("volunteer", "editor", "other_coordinator"):
        client.force_login(staff[who])
        response = client.post(f"/events/{event.pk}/photos/", {"photos": [photo_upload()], "caption": "ภาพ"})
        assert response.status_code == 403, who
    assert not EventPhoto.objects.filter(event=event).exists()


def test_a_photo_of_minors_is_publishable_only_while_every_minor_named_has_photo_consent(make_volunteer, staff, event):
    with_consent = minor(make_volunteer, "nongfa", photos=True)
    without = minor(make_volunteer, "nongdin", photos=False)
    for person in (with_consent, without):
        attend(event, person, staff["coordinator"])
    by = staff["coordinator"]
    landscape = add_photo(event, photo_upload(), "ทิวทัศน์วัด", by=by)
    allowed = add_photo(event, photo_upload(), "น้องฟ้า", minors=[with_consent], by=by)
    refused = add_photo(event, photo_upload(), "น้องฟ้ากับน้องดิน", minors=[with_consent, without], by=by)
    unnamed = add_photo(event, photo_upload(), "เด็ก ๆ", shows_minors=True, by=by)
    assert allowed.shows_minors and refused.shows_minors
    assert publishable_photos(event) == [landscape, allowed]

    record_consent(with_consent, {ConsentPurpose.PHOTOS: False})  # the yes is withdrawn
    assert publishable_photos(event) == [landscape]
    assert not unnamed.may_be_published


def test_a_minor_cannot_give_photo_consent_for_themselves(make_volunteer, staff, event):
    child = minor(make_volunteer, "nongnam", photos=False)
    attend(event, child, staff["coordinator"])
    record_consent(child, {ConsentPurpose.PHOTOS: True})  # the minor's own yes, not the guardian's
    photo = add_photo(event, photo_upload(), "น้องน้ำ", minors=[child], by=staff["coordinator"])
    assert not photo.may_be_published


def test_only_minors_checked_in_at_this_event_can_be_named(client, make_volunteer, staff, event, ours):
    elsewhere = finished_event(ours, title="กิจกรรมอื่น")
    other_child = minor(make_volunteer, "nongmek")
    attend(elsewhere, other_child, staff["coordinator"])
    adult = in_group(make_volunteer("somsri"), VolunteerGroup.OPM)
    attend(event, adult, staff["coordinator"])
    client.force_login(staff["coordinator"])
    for someone in (other_child, adult):
        response = client.post(
            f"/events/{event.pk}/photos/", {"photos": [photo_upload()], "caption": "ภาพ", "minors": [str(someone.pk)]}
        )
        assert response.status_code == 200  # the form again, with the choice refused
        assert response.context["form"].errors["minors"]
    assert not EventPhoto.objects.filter(event=event).exists()

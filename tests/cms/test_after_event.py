"""The after-event announcement drafts itself: a Thai draft in the review workflow and an English
translation draft, with the date line, organisers, activities, place, the event card, the people
checked in by group (a block read live, never retyped) and the day's photos; drafting again updates
the same draft. A published album never shows a minor-flagged photo of a minor without consent."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from cms.after_event import DraftRefused, draft_after_event_announcement
from cms.models import AnnouncementPage
from portal.accounts.models import ConsentPurpose, VolunteerGroup
from portal.accounts.services import erase_account, record_consent
from portal.events.models import EventStatus, Programme
from portal.events.photos import add_photo
from tests.after_event import attend, finished_event, in_group, minor, photo_upload

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def held(news_index, make_volunteer):
    """A finished event of the demo programme: 2 youth, 1 OPM, 1 partner and 2 children checked in,
    a person who signed up and did not come, and three photos."""
    programme = Programme.objects.get(name="ตำบลสร้างเสริมสวัสดิการสังคม", fiscal_year=2563)
    event = finished_event(programme)
    coordinator = _user("coordinator")
    people = [
        in_group(make_volunteer(name), group)
        for name, group in (
            ("yo1", VolunteerGroup.YOUTH),
            ("yo2", VolunteerGroup.YOUTH),
            ("opm1", VolunteerGroup.OPM),
            ("partner1", VolunteerGroup.PARTNER),
        )
    ]
    children = [minor(make_volunteer, "fah", photos=True), minor(make_volunteer, "din", photos=False)]
    for person in people + children:
        attend(event, person, coordinator)
    from portal.events import services

    services.sign_up(in_group(make_volunteer("absent"), VolunteerGroup.OPM), event)
    photos = [
        add_photo(event, photo_upload(colour=colour), caption, by=coordinator, minors=minors)
        for colour, caption, minors in (
            ("green", "บรรยายศาสตร์พระราชา", []),
            ("blue", "น้องฟ้าช่วยกวาดลานวัด", [children[0]]),
            ("red", "น้องดินกับเพื่อน", [children[1]]),
        )
    ]
    return {"event": event, "photos": photos, "children": children, "people": people}


def _blocks(page, kind):
    return [block for block in page.get_latest_revision_as_object().body if block.block_type == kind]


def test_the_draft_has_the_date_line_organisers_activities_place_card_counts_and_album(held):
    event = held["event"]
    page = draft_after_event_announcement(event, by=_user("coordinator"))
    assert not page.live and page.locale.language_code == "th" and page.reports_on_event == event
    draft = page.get_latest_revision_as_object()
    assert event.title in draft.title
    assert draft.date == timezone.localtime(event.starts_at).date()
    text = " ".join(str(block.value) for block in draft.body if block.block_type == "paragraph")
    assert "ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก" in text and "บรรยายศาสตร์พระราชา" in text
    assert "จิตอาสาพัฒนาวัด" in text and "ห้องประชุม อบต.ด่านแม่ละเมา" in text
    assert f"พ.ศ. {event.starts_at.year + 543}" in text  # the days in BE
    assert _blocks(page, "participant_counts")[0].value["event"] == event
    assert _blocks(page, "event_card")[0].value["event"] == event
    album = [photo["caption"] for photo in _blocks(page, "gallery")[0].value["photos"]]
    assert album == ["บรรยายศาสตร์พระราชา", "น้องฟ้าช่วยกวาดลานวัด"]  # not the photo of the child without consent
    assert draft.cover_image == held["photos"][0].image  # a cover without minors

    english = AnnouncementPage.objects.get(translation_key=page.translation_key, locale__language_code="en")
    assert not english.live
    english_draft = english.get_latest_revision_as_object()
    assert "Training social innovators" in english_draft.title
    assert any("Lecture" in str(block.value) for block in english_draft.body)


def test_drafting_again_updates_its_own_draft_and_keeps_the_editors_words(held):
    event = held["event"]
    page = draft_after_event_announcement(event, by=_user("coordinator"))
    draft = page.get_latest_revision_as_object()
    draft.body[0].value = draft.body[0].block.to_python("<p>ข้อความที่บรรณาธิการเขียนเอง</p>")
    draft.save_revision(user=_user("editor"))
    add_photo(event, photo_upload(colour="yellow"), "ภาพหมู่ผู้เข้าอบรม", by=_user("coordinator"))

    again = draft_after_event_announcement(event, by=_user("coordinator"))
    assert again.pk == page.pk
    assert AnnouncementPage.objects.filter(reports_on_event=event).count() == 2  # Thai and English, no more
    latest = again.get_latest_revision_as_object()
    assert "ข้อความที่บรรณาธิการเขียนเอง" in str(latest.body[0].value)
    album = [photo["caption"] for photo in _blocks(again, "gallery")[0].value["photos"]]
    assert album == ["บรรยายศาสตร์พระราชา", "น้องฟ้าช่วยกวาดลานวัด", "ภาพหมู่ผู้เข้าอบรม"]


def test_an_event_that_has_not_taken_place_has_no_after_event_announcement(held):
    event = held["event"]
    event.ends_at = event.starts_at.replace(year=event.starts_at.year + 1)
    event.save(update_fields=["ends_at"])
    with pytest.raises(DraftRefused):
        draft_after_event_announcement(event)
    assert not AnnouncementPage.objects.filter(reports_on_event=event).exists()


def _publish(page):
    workflow = page.get_workflow()
    state = workflow.start(page, _user("editor"))
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, _user("approver"), "approve", comment="")
    return AnnouncementPage.objects.get(pk=page.pk)


def test_the_published_page_shows_the_counts_by_group_and_never_a_child_without_photo_consent(held, client):
    event = held["event"]
    page = draft_after_event_announcement(event, by=_user("coordinator"))
    # The editor also picks the photo of the child without consent from the image library.
    draft = page.get_latest_revision_as_object()
    gallery = next(block for block in draft.body if block.block_type == "gallery")
    withheld = held["photos"][2]
    gallery.value["photos"].append(
        gallery.block.child_blocks["photos"].child_block.to_python(
            {"image": withheld.image.pk, "alt_text": "เด็ก", "caption": "น้องดินกับเพื่อน"}
        )
    )
    draft.save_revision(user=_user("editor"))
    published = _publish(page)
    assert published.live

    html = client.get(published.url).content.decode()
    assert "บรรยายศาสตร์พระราชา" in html and "น้องฟ้าช่วยกวาดลานวัด" in html
    assert "น้องดินกับเพื่อน" not in html
    assert "กิจกรรมนี้จัดไปแล้ว" in html and "รายละเอียดและลงทะเบียน" not in html  # its card offers no registration
    rows = {label: number for label, number in _count_rows(html)}
    assert rows == {
        "เด็ก": "2",
        "เยาวชน": "2",
        "อาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์ (อพม.)": "1",
        "ภาคีเครือข่าย": "1",
        "รวม": "6",
    }

    record_consent(held["children"][0], {ConsentPurpose.PHOTOS: False})  # the guardian's yes is withdrawn
    assert "น้องฟ้าช่วยกวาดลานวัด" not in client.get(published.url).content.decode()


def test_an_editors_preview_leaves_out_a_child_without_photo_consent_too(held):
    """Images chosen in the editor reach the preview one by one, not through the page's bulk load."""
    from cms.blocks import GalleryBlock

    chosen = [{"image": photo.image, "alt_text": photo.caption, "caption": photo.caption} for photo in held["photos"]]
    html = GalleryBlock().render({"title": "", "photos": chosen})
    assert "น้องฟ้าช่วยกวาดลานวัด" in html and "บรรยายศาสตร์พระราชา" in html
    assert "น้องดินกับเพื่อน" not in html


def test_counts_survive_a_persons_erasure(held, client):
    page = _publish(draft_after_event_announcement(held["event"], by=_user("coordinator")))
    erase_account(held["people"][0])
    rows = dict(_count_rows(client.get(page.url).content.decode()))
    assert rows["เยาวชน"] == "2" and rows["รวม"] == "6"


def _count_rows(html):
    import re

    table = html.split('class="participant-counts"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<t[hd][^>]*>([^<]+)</t[hd]><td>(\d+)</td>", table)


def test_the_action_is_one_click_in_the_admin_and_on_the_check_in_page(held, client):
    event = held["event"]
    client.force_login(_user("coordinator"))
    record_consent(_user("coordinator"), {ConsentPurpose.PARTICIPATION: True})
    listing = client.get("/admin/snippets/portal_events/event/").content.decode()
    assert f"/admin/after-event/{event.pk}/" in listing
    check_in = client.get(f"/events/{event.pk}/check-in/").content.decode()
    assert f'action="/admin/after-event/{event.pk}/"' in check_in
    response = client.post(f"/admin/after-event/{event.pk}/", {"back": "check_in"})
    assert response.status_code == 302
    assert AnnouncementPage.objects.filter(reports_on_event=event, locale=Locale.get_default()).count() == 1


def test_a_volunteer_or_another_programmes_coordinator_cannot_draft(held, client, make_volunteer):
    client.force_login(make_volunteer("outsider"))
    response = client.post(f"/admin/after-event/{held['event'].pk}/")
    assert response.status_code in (302, 403)
    assert not AnnouncementPage.objects.filter(reports_on_event=held["event"]).exists()


def test_an_editor_sees_nothing_of_an_event_the_public_cannot_see(held, client):
    event = held["event"]
    event.status = EventStatus.DRAFT
    event.save(update_fields=["status"])
    client.force_login(_user("editor"))
    for response in (client.get(f"/admin/after-event/{event.pk}/"), client.post(f"/admin/after-event/{event.pk}/")):
        assert response.status_code in (302, 403)
        assert event.title not in response.content.decode()
    assert not AnnouncementPage.objects.filter(reports_on_event=event).exists()


def _card_of(html, title):
    return next(card for card in html.split('<article class="card">')[1:] if title in card)


def test_a_cover_picked_by_hand_is_checked_for_photo_consent_like_the_album(held, client):
    """Neither the page, its link preview nor its card in the news list shows a withheld minor's photo as cover."""
    page = draft_after_event_announcement(held["event"], by=_user("coordinator"))
    allowed, withheld = held["photos"][1], held["photos"][2]  # fah's guardian allows photos, din's does not
    draft = page.get_latest_revision_as_object()
    draft.cover_image, draft.cover_alt_text = withheld.image, "น้องดินกับเพื่อน"
    draft.save_revision(user=_user("editor"))
    published = _publish(page)
    assert published.cover_image == withheld.image

    html = client.get(published.url).content.decode()
    assert "announcement__cover" not in html and "og:image" not in html
    assert "card__image" not in _card_of(client.get(published.get_parent().url).content.decode(), published.title)

    published.cover_image = allowed.image
    published.save_revision(user=_user("editor")).publish(user=_user("approver"))
    html = client.get(published.url).content.decode()
    assert "announcement__cover" in html and "og:image" in html
    assert "card__image" in _card_of(client.get(published.get_parent().url).content.decode(), published.title)

    record_consent(held["children"][0], {ConsentPurpose.PHOTOS: False})  # the guardian's yes is withdrawn
    html = client.get(published.url).content.decode()
    assert "announcement__cover" not in html and "og:image" not in html
    assert "card__image" not in _card_of(client.get(published.get_parent().url).content.decode(), published.title)

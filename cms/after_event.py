"""The announcement after an event, drafted from what the portal knows: the programme and its
organisers, the days in BE, the place, each activity, the people checked in by group (a block that
reads them live), the event card and the day's photos. Thai first, English as a translation draft.
Nothing is published: the editor polishes it and sends it through the review workflow. Drafting
again updates the same pages (new photos join the album) and keeps what the editor wrote."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.models import Locale

from portal.events.models import EventStatus
from portal.events.photos import publishable_photos

from .models import AnnouncementIndexPage, AnnouncementPage


class DraftRefused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _organisers(event):
    return [line.strip() for line in event.programme.organisers.splitlines() if line.strip()]


def _gallery_items(photos):
    return [{"image": photo.image, "alt_text": photo.alt_text, "caption": photo.caption} for photo in photos]


def _body(event, photos):
    place = f"{event.place_name} {event.area_display}".strip()
    opening = format_html("<p>{}</p>", _held(event, place))
    description = event.display_description
    activities = format_html_join(
        "",
        "<li><b>{}</b> ({}, {})</li>",
        (
            (activity.display_title, activity.get_kind_display(), activity.span_display)
            for activity in event.activities.all()
        ),
    )
    body = [("paragraph", opening)]
    if description:
        body.append(("paragraph", format_html("<p>{}</p>", description)))
    body.append(("participant_counts", {"event": event, "heading": _("Participants")}))
    if activities:
        body += [
            ("heading", {"text": _("Activities"), "level": "h2"}),
            ("paragraph", format_html("<ol>{}</ol>", activities)),
        ]
    where = (
        format_html('<p>{} <a href="{}">{}</a></p>', place, event.map_url, _("Map"))
        if event.map_url
        else format_html("<p>{}</p>", place)
    )
    body += [
        ("heading", {"text": _("Place"), "level": "h2"}),
        ("paragraph", where),
        ("event_card", {"event": event, "note": ""}),
    ]
    if photos:
        body.append(("gallery", {"title": _("Photos of the day"), "photos": _gallery_items(photos)}))
    return body


def _held(event, place):
    return _("%(organisers)s held %(title)s on %(days)s at %(place)s.") % {
        "organisers": _(" with ").join(_organisers(event)),
        "title": event.display_title,
        "days": event.days_display,
        "place": place,
    }


def _fields(event, photos):
    groups = ", ".join(str(label) for label in event.eligible_group_labels)
    summary = _held(event, event.place_name)
    if groups:
        summary += " " + _("For: %(groups)s.") % {"groups": groups}
    cover = next((photo for photo in photos if not photo.shows_minors), None)
    return {
        "title": _("After the event: %(title)s") % {"title": event.display_title},
        "summary": summary[:400],
        "date": timezone.localtime(event.starts_at).date(),
        "place": f"{event.place_name} {event.area_display}".strip()[:200],
        "cover_image": cover.image if cover else None,
        "cover_alt_text": cover.alt_text if cover else "",
        "body": _body(event, photos),
    }


def _index_in(locale):
    index = AnnouncementIndexPage.objects.filter(locale=locale).first()
    if index is None:
        raise DraftRefused(_("There is no announcement index page to put the announcement under."))
    return index


def _unique_slug(parent, base):
    slug, number = base, 1
    while parent.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _create(event, photos, by, now):
    index = _index_in(Locale.get_default())
    with translation.override("th"):
        page = AnnouncementPage(
            **_fields(event, photos),
            slug=_unique_slug(index, f"after-event-{event.pk}"),
            live=False,
            owner=by,
            reports_on_event=event,
            drafted_at=now,
        )
    index.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    english = Locale.objects.filter(language_code="en").first()
    if english is not None and index.get_translations().filter(locale=english).exists():
        translated = page.copy_for_translation(english)
        with translation.override("en"):
            for field, value in _fields(event, photos).items():
                setattr(translated, field, value)
        translated.drafted_at = now
        translated.save_revision(user=by, log_action=True)
    return page


def _refresh(page, event, photos, by, now):
    """A new draft revision of `page` with the photos uploaded since the last drafting added."""
    draft = page.get_latest_revision_as_object()
    new = [photo for photo in photos if draft.drafted_at is None or photo.uploaded_at > draft.drafted_at]
    at = next((n for n, block in enumerate(draft.body) if block.block_type == "gallery"), None)
    if new and at is not None:
        album = draft.body[at].value
        photos = [dict(photo) for photo in album["photos"]] + _gallery_items(new)
        draft.body[at] = ("gallery", {"title": album["title"], "photos": photos})
    elif new:
        draft.body.append(("gallery", {"title": _("Photos of the day"), "photos": _gallery_items(new)}))
    if not any(block.block_type == "participant_counts" for block in draft.body):
        draft.body.append(("participant_counts", {"event": event, "heading": _("Participants")}))
    draft.drafted_at = now
    draft.save_revision(user=by, log_action=True)


@transaction.atomic
def draft_after_event_announcement(event, by=None):
    """Create, or bring up to date, the Thai announcement draft (and its English translation) for a
    finished event. Returns the Thai page."""
    now = timezone.now()
    if event.status != EventStatus.PUBLISHED or event.ends_at > now:
        raise DraftRefused(_("The announcement can be drafted once the event has taken place."))
    photos = publishable_photos(event)
    existing = AnnouncementPage.objects.filter(reports_on_event=event).order_by("pk")
    thai = existing.filter(locale=Locale.get_default()).first()
    if thai is None:
        return _create(event, photos, by, now)
    for page in existing:
        with translation.override(page.locale.language_code):
            _refresh(page, event, photos, by, now)
    thai.refresh_from_db()
    return thai

"""The demo event's card in the call for participants, once the events' demo has made the event
(the last of DEMO_LOADERS: cms sits above events, so the card is added from here)."""

from django.db import transaction

from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event

from .models import AnnouncementPage


@transaction.atomic
def load(log):
    event = Event.objects.filter(title=TRAINING_TITLE).order_by("pk").first()
    if event is None:
        return
    for page in AnnouncementPage.objects.filter(slug="call-for-participants-social-innovators"):
        if any(block.block_type == "event_card" for block in page.body):
            continue
        page.body.append(("event_card", {"event": event, "note": ""}))
        page.save_revision().publish()
        log(f"Added the event card to “{page.title}”")

"""What the LINE Official Account does with what people send it. This app knows no domain, so the
apps above it say what a LINE user is and what a button or a message means, at start-up:

    register_person(find)             find(line_user_id) -> the active user who linked that LINE account, or None
    register_postback(prefix, answer) a button whose postback data is "prefix:..." -> answer(event)
    register_help(answer)             a message typed to the account, or a button nobody registered -> answer(event)
    register_unlinked_follow(answer)  someone whose LINE is linked to no account added the account -> answer(event)

An answer returns the content of the reply, in the ledger's shape (language, title, paragraphs,
actions, button: see ledger.py), or None for no reply. line_webhook.py records the events and
hands them here in a Celery task; follow and unfollow switch the person's LINE on and off here."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .models import Channel, ChannelStatus

_registry = {"person": None, "help": None, "unlinked_follow": None}
_postbacks = {}


def register_person(find):
    _registry["person"] = find


def register_help(answer):
    _registry["help"] = answer


def register_unlinked_follow(answer):
    _registry["unlinked_follow"] = answer


def register_postback(prefix, answer):
    _postbacks[prefix] = answer


@dataclass
class LineEvent:
    """One webhook event (https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects)."""

    kind: str
    line_user_id: str = ""
    source_type: str = ""
    reply_token: str = ""
    data: str = ""  # a postback's data
    message_type: str = ""
    timestamp: datetime.datetime = field(default_factory=timezone.now)
    person: object = None  # the user who linked this LINE account, if anyone did

    @classmethod
    def from_payload(cls, payload):
        source = payload.get("source") or {}
        millis = payload.get("timestamp")
        when = (
            datetime.datetime.fromtimestamp(millis / 1000, tz=datetime.UTC)
            if isinstance(millis, (int, float)) and not isinstance(millis, bool)
            else timezone.now()
        )
        event = cls(
            kind=str(payload.get("type", "")),
            line_user_id=str(source.get("userId") or ""),
            source_type=str(source.get("type", "")),
            reply_token=str(payload.get("replyToken") or ""),
            data=str((payload.get("postback") or {}).get("data") or ""),
            message_type=str((payload.get("message") or {}).get("type") or ""),
            timestamp=when,
        )
        if event.line_user_id and _registry["person"]:
            event.person = _registry["person"](event.line_user_id)
        return event


def _set_line_state(event, active, reason):
    """The person's LINE on or off, unless a newer follow or unfollow already said otherwise."""
    if event.person is None:
        return
    state = ChannelStatus.objects.filter(user=event.person, channel=Channel.LINE).first()
    if state is not None and state.changed_at > event.timestamp:
        return  # an older event delivered late
    ChannelStatus.objects.update_or_create(
        user=event.person,
        channel=Channel.LINE,
        defaults={"address": event.line_user_id, "active": active, "reason": reason, "changed_at": event.timestamp},
    )


def answer(event):
    """Do what `event` asks; return the reply's content, or None."""
    if event.kind == "follow":
        _set_line_state(event, True, "Added the LINE Official Account as a friend (follow event).")
        if event.person is None and _registry["unlinked_follow"]:
            return _registry["unlinked_follow"](event)
        return None
    if event.kind == "unfollow":
        _set_line_state(event, False, "Blocked or removed the LINE Official Account (unfollow event).")
        return None
    if event.kind == "postback" and event.line_user_id:
        handler = _postbacks.get(event.data.partition(":")[0])
        if handler:
            return handler(event)
        return _registry["help"](event) if _registry["help"] else None
    if event.kind == "message" and event.source_type == "user" and _registry["help"]:
        return _registry["help"](event)
    return None

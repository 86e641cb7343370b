"""The LINE Platform's side of the webhook: events shaped as LINE documents them
(https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects), in a body signed
with the channel secret (X-Line-Signature: base64 HMAC-SHA256 of the raw body), sent to the site
the way LINE sends them: to a live server over HTTP (`send`), or through Django's test client (`post`).

    follow(fake, user_id), unfollow(user_id), postback(fake, user_id, data), text(fake, user_id, text)
    redelivered(events)   the same events again, as LINE redelivers them (same webhookEventId,
                          deliveryContext.isRedelivery true)

Events that can be answered carry a reply token the fake Messaging API issued, so the site's reply
is checked there (tests/fakes/line_messaging.py).
"""

import base64
import copy
import hashlib
import hmac
import json
import secrets
import time

import requests

TEST_CHANNEL_SECRET = "fedcba9876543210fedcba9876543210"  # nosec: test-only (the Messaging API channel's)
BOT_USER_ID = "U" + "b0" * 16
ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def webhook_event_id():
    """LINE's webhookEventId: a ULID (26 characters of Crockford's base32)."""
    return "".join(secrets.choice(ULID_ALPHABET) for _ in range(26))


def event(kind, user_id, reply_token=None, **fields):
    found = {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": webhook_event_id(),
        "deliveryContext": {"isRedelivery": False},
        **fields,
    }
    if reply_token:
        found["replyToken"] = reply_token
    return found


def follow(fake, user_id):
    return event("follow", user_id, fake.issue_reply_token(), follow={"isUnblocked": False})


def unfollow(user_id):
    return event("unfollow", user_id)


def postback(fake, user_id, data):
    return event("postback", user_id, fake.issue_reply_token(), postback={"data": data})


def text(fake, user_id, words):
    return event(
        "message",
        user_id,
        fake.issue_reply_token(),
        message={
            "id": str(secrets.randbelow(10**18)),
            "type": "text",
            "quoteToken": secrets.token_urlsafe(16),
            "text": words,
        },
    )


def redelivered(events):
    again = copy.deepcopy(events)
    for found in again:
        found["deliveryContext"] = {"isRedelivery": True}
    return again


def body(events):
    return json.dumps({"destination": BOT_USER_ID, "events": events}, ensure_ascii=False).encode()


def signature(raw, secret=TEST_CHANNEL_SECRET):
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


HEADERS = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "LineBotWebhook/2.0"}


def send(url, events, secret=TEST_CHANNEL_SECRET):
    """POST the events to the site's webhook at `url`, as LINE does. Returns the status code."""
    raw = body(events)
    answer = requests.post(url, data=raw, headers={**HEADERS, "X-Line-Signature": signature(raw, secret)}, timeout=10)
    return answer.status_code


def post(client, events, secret=TEST_CHANNEL_SECRET, raw=None, sign=True):
    """The same through Django's test client; `raw` and `sign=False` make the wrong requests."""
    raw = body(events) if raw is None else raw
    headers = {"HTTP_X_LINE_SIGNATURE": signature(raw, secret)} if sign else {}
    return client.post(
        "/line/webhook/",
        data=raw,
        content_type="application/json; charset=utf-8",
        HTTP_USER_AGENT="LineBotWebhook/2.0",
        **headers,
    )

"""Channels: one small class per way of reaching a person, each with one send().

A channel answers three questions for the ledger: is it switched on, where does this person get
messages on it (or None), and would they want this message on it. send() delivers one ledger
row or raises TransientError (try again later) or PermanentError (stop; the log shows why).
Adding SMS later means adding one class to CHANNELS."""

import contextlib
import http.client
import json
import smtplib
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from . import line_api, recipients
from .models import Channel as ChannelName

# LINE's limits for buttons (https://developers.line.biz/en/reference/messaging-api/#action-objects).
LABEL_LIMIT = 20
POSTBACK_DATA_LIMIT = 300
MAX_BUTTONS = 4


class SendError(Exception):
    pass


class TransientError(SendError):
    """Worth another try later: a mail server or LINE having a bad moment, or a rate limit."""

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(SendError):
    """Not worth trying again. `deactivate`: this person's address on the channel no longer works."""

    def __init__(self, message, deactivate=False):
        super().__init__(message)
        self.deactivate = deactivate


def _label(text):
    return str(text)[:LABEL_LIMIT]


class Channel:
    name = ""
    quiet_hours = False  # True: no messages at night except on the day of the event

    def is_enabled(self):
        return True

    def addresses(self, users):
        """{user id: where this person gets messages on the channel}; people it cannot reach are left out."""
        raise NotImplementedError

    def willing(self, users, optional):
        """The ids of the people among `users` who want this message on this channel."""
        return {user.pk for user in users}

    @contextlib.contextmanager
    def session(self):
        """Around a batch of sends: keep one connection open."""
        yield

    def send(self, delivery, address):
        raise NotImplementedError


def render(content, optional, unsubscribe_url, template):
    context = {
        "content": content,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        "optional": optional,
        "unsubscribe_url": unsubscribe_url,
    }
    with translation.override(content.get("language") or settings.LANGUAGE_CODE):
        return render_to_string(template, context)


class EmailChannel(Channel):
    """HTML and plain-text parts in the volunteer's language, with an unsubscribe link and
    List-Unsubscribe (one-click, RFC 8058) on optional messages and attachments such as an .ics."""

    name = ChannelName.EMAIL

    def __init__(self):
        self._connection = None

    def addresses(self, users):
        return {user.pk: user.email for user in users if user.is_active and user.email}

    def willing(self, users, optional):
        if not optional:
            # What a person did or must know (a sign-up, a cancelled event) is always e-mailed.
            return {user.pk for user in users}
        return recipients.directory().wants_optional_email(users)

    @contextlib.contextmanager
    def session(self):
        # The file backend writes every message of one connection into one file: one per message reads better.
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            yield
            return
        self._connection = mail.get_connection()
        try:
            self._connection.open()
        except (smtplib.SMTPException, OSError):
            self._connection = None  # each send tries on its own and reports its error
        try:
            yield
        finally:
            with contextlib.suppress(Exception):  # a connection that died is simply dropped
                self._connection.close()
            self._connection = None

    def build(self, delivery, address):
        from .unsubscribe import unsubscribe_url

        content = delivery.content
        unsubscribe = unsubscribe_url(delivery.recipient_id) if delivery.optional else ""
        headers = {
            "Message-ID": make_msgid(idstring=str(delivery.key), domain=urlsplit(settings.SITE_URL).hostname or "localhost"),
            "X-Delivery-Key": str(delivery.key),
            "Auto-Submitted": "auto-generated",
        }
        if unsubscribe:
            headers["List-Unsubscribe"] = f"<{unsubscribe}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message = EmailMultiAlternatives(
            subject=content.get("subject", ""),
            body=render(content, delivery.optional, unsubscribe, "notifications/email/message.txt"),
            to=[address],
            headers=headers,
            connection=self._connection,
        )
        message.attach_alternative(
            render(content, delivery.optional, unsubscribe, "notifications/email/message.html"), "text/html"
        )
        for attachment in content.get("attachments", []):
            message.attach(attachment["filename"], attachment["content"], attachment.get("mimetype"))
        return message

    def send(self, delivery, address):
        message = self.build(delivery, address)
        try:
            message.send()
        except BadHeaderError as error:
            # A line break in a subject or an address: sending again would fail the same way.
            raise PermanentError(f"The message cannot be sent as it is: {error}")
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            if codes and all(500 <= code < 600 for code in codes):
                raise PermanentError(f"The mail server refused {address}: {error.recipients}")
            raise TransientError(f"The mail server refused {address} for now: {error.recipients}")
        except (smtplib.SMTPException, OSError) as error:
            if self._connection is not None:
                with contextlib.suppress(Exception):
                    self._connection.close()  # the next send opens a fresh one
            raise TransientError(f"{type(error).__name__}: {error}")


class LineChannel(Channel):
    """LINE Messaging API push (POST /v2/bot/message/push) to volunteers who linked LINE, with the
    ledger key as X-Line-Retry-Key. Off when LINE_CHANNEL_ACCESS_TOKEN is empty."""

    name = ChannelName.LINE
    quiet_hours = True
    PUSH_PATH = "/v2/bot/message/push"
    TIMEOUT = 10

    def __init__(self):
        self._connection = None

    def is_enabled(self):
        return bool(settings.LINE_CHANNEL_ACCESS_TOKEN)

    def addresses(self, users):
        """The LINE user id is the uid of the person's allauth SocialAccount of provider "line"; the
        Messaging API channel must be under the same LINE provider as the Login channel (docs/line.md)."""
        from allauth.socialaccount.models import SocialAccount

        active = {user.pk for user in users if user.is_active}
        found = {}
        accounts = SocialAccount.objects.filter(user__in=active, provider="line").order_by("-pk")
        for user_id, uid in accounts.values_list("user_id", "uid"):
            found[user_id] = uid  # the oldest link wins
        return found

    def willing(self, users, optional):
        """LINE is opt-in: the person said yes to "reminders and news by LINE" and has not switched it off."""
        return recipients.directory().wants_line(users)

    def _connect(self):
        return line_api.connection(settings.LINE_MESSAGING_API_URL, self.TIMEOUT)

    @contextlib.contextmanager
    def session(self):
        self._connection = self._connect()
        try:
            yield
        finally:
            self._connection.close()
            self._connection = None

    def message_objects(self, content, in_line=False):
        """A Flex bubble with the content's answer buttons (postback actions) and its link, or plain
        text when it has neither. Within LINE's limits: 4 buttons, labels of 20 characters, postback
        data of 300. `in_line`: portal links open through LIFF, already logged in (line_api.liff_url)."""
        text = "\n\n".join(
            [content.get("title", "")] + list(content.get("paragraphs", []))
            + ["\n".join(f"{label}: {value}" for label, value in content.get("details", []))]
        ).strip()
        buttons = [self._postback_button(action) for action in content.get("actions", [])
                   if len(action["data"]) <= POSTBACK_DATA_LIMIT]
        link = content.get("button")
        if link:
            url = line_api.liff_url(link["url"]) if in_line else link["url"]
            buttons.append({"type": "button", "style": "link" if buttons else "primary", "color": "#0f5132",
                            "height": "sm", "action": {"type": "uri", "label": _label(link["label"]), "uri": url}})
        if not buttons:
            return [{"type": "text", "text": text[:5000]}]
        body = [{"type": "text", "text": content.get("title", "")[:300], "weight": "bold", "size": "md", "wrap": True}]
        body += [{"type": "text", "text": paragraph[:1000], "size": "sm", "wrap": True}
                 for paragraph in content.get("paragraphs", [])[:4]]
        for label, value in content.get("details", [])[:6]:
            body.append({
                "type": "box", "layout": "baseline", "spacing": "sm",
                "contents": [
                    {"type": "text", "text": str(label)[:50], "size": "sm", "color": "#6b7280", "flex": 2},
                    {"type": "text", "text": str(value)[:300], "size": "sm", "wrap": True, "flex": 5},
                ],
            })
        bubble = {
            "type": "bubble",
            "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": body},
            "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": buttons[:MAX_BUTTONS]},
        }
        return [{"type": "flex", "altText": (content.get("subject") or text)[:400], "contents": bubble}]

    @staticmethod
    def _postback_button(action):
        """An answer to the message: LINE posts `data` back to the webhook; the chat shows the label as
        the person's own message, so they see what they tapped."""
        style = action.get("style", "secondary")
        return {"type": "button", "style": style, "height": "sm", **({"color": "#0f5132"} if style == "primary" else {}),
                "action": {"type": "postback", "label": _label(action["label"]), "data": action["data"],
                           "displayText": str(action["label"])[:300]}}

    def request_body(self, delivery, address):
        # Pushes go to people who linked LINE: their links can open already logged in.
        return {"to": address, "messages": self.message_objects(delivery.content, in_line=True)}

    def _post(self, body, retry_key):
        path = urlsplit(settings.LINE_MESSAGING_API_URL).path.rstrip("/") + self.PUSH_PATH
        payload = json.dumps(body, ensure_ascii=False).encode()
        headers = {
            "Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}",
            "Content-Type": "application/json",
            "X-Line-Retry-Key": retry_key,
        }
        fresh = self._connection is None
        connection = self._connection or self._connect()
        try:
            for attempt in (1, 2):
                try:
                    connection.request("POST", path, body=payload, headers=headers)
                    response = connection.getresponse()
                    return response.status, response.getheader("Retry-After"), response.read()
                except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                    # A kept-alive connection the server closed: reconnect once. The retry key makes this safe.
                    connection.close()
                    if attempt == 2:
                        raise
        finally:
            if fresh:
                connection.close()

    def send(self, delivery, address):
        try:
            status, retry_after, body = self._post(self.request_body(delivery, address), str(delivery.key))
        except (TimeoutError, OSError, http.client.HTTPException) as error:
            if self._connection is not None:
                self._connection.close()
            raise TransientError(f"LINE could not be reached: {type(error).__name__}: {error}")
        if status == 200:
            return
        if status == 409:
            return  # the retry key was accepted before: LINE has this message already
        detail = body.decode(errors="replace")[:500]
        if status == 429 or status >= 500:
            seconds = None
            if retry_after and retry_after.strip().isdigit():
                seconds = int(retry_after.strip())
            raise TransientError(f"LINE answered {status}: {detail}", retry_after=seconds)
        if status == 401:
            # The channel access token is wrong: not this volunteer's doing, so their LINE stays on.
            raise PermanentError(f"LINE refused the channel access token ({status}): {detail}")
        raise PermanentError(f"LINE answered {status}: {detail}", deactivate=True)


CHANNELS = {ChannelName.EMAIL: EmailChannel, ChannelName.LINE: LineChannel}


def get_channel(name):
    return CHANNELS[name]()

"""Channels: one small class per way of reaching a person, each with one send().

A channel answers three questions for the ledger: is it switched on, where does this person get
messages on it (or None), and would they want this message on it. send() delivers one ledger
row or raises TransientError (try again later) or PermanentError (stop; the log shows why).
Adding SMS later means adding one class to CHANNELS."""

import contextlib
import http.client
import json
import smtplib
import uuid
from email.mime.text import MIMEText
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from . import line_api, line_messages, recipients
from .models import Channel as ChannelName


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


def _calendar_part(attachment):
    """A calendar invitation's part: text/calendar with its iTIP method (RFC 6047), which mail
    programs read to offer the entry as an invitation or an update rather than as a file."""
    part = MIMEText(attachment["content"], "calendar", "utf-8")
    part.set_param("method", attachment["method"])
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


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


# Stands for the person's unsubscribe link in a body rendered once for everyone of a batch (EmailChannel.bodies).
UNSUBSCRIBE_MARK = f"unsubscribe-link-{uuid.uuid4().hex}"
EMAIL_TEMPLATES = ("notifications/email/message.txt", "notifications/email/message.html")


class EmailChannel(Channel):
    """HTML and plain-text parts in the volunteer's language, with an unsubscribe link and
    List-Unsubscribe (one-click, RFC 8058) on optional messages and attachments such as an .ics."""

    name = ChannelName.EMAIL

    def __init__(self):
        self._connection = None
        self._rendered = {}  # the batch's bodies by what they say (bodies())

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

    def bodies(self, content, optional, unsubscribe):
        """The text and HTML parts. A batch of reminders of one event in one language says the same to
        everyone but for the unsubscribe link: each wording is rendered once per batch (one channel's
        life) and each person's link put in, escaped as the template would have escaped it."""
        key = (
            json.dumps(
                {name: value for name, value in content.items() if name != "actions"}, sort_keys=True, default=str
            ),
            optional,
        )
        if key not in self._rendered:
            mark = UNSUBSCRIBE_MARK if optional else ""
            self._rendered[key] = [render(content, optional, mark, template) for template in EMAIL_TEMPLATES]
        text, html = self._rendered[key]
        if not optional:
            return text, html
        return text.replace(UNSUBSCRIBE_MARK, unsubscribe), html.replace(UNSUBSCRIBE_MARK, escape(unsubscribe))

    def build(self, delivery, address):
        from .unsubscribe import unsubscribe_url

        content = delivery.content
        unsubscribe = unsubscribe_url(delivery.recipient_id) if delivery.optional else ""
        headers = {
            "Message-ID": make_msgid(
                idstring=str(delivery.key), domain=urlsplit(settings.SITE_URL).hostname or "localhost"
            ),
            "X-Delivery-Key": str(delivery.key),
            "Auto-Submitted": "auto-generated",
        }
        if unsubscribe:
            headers["List-Unsubscribe"] = f"<{unsubscribe}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        text, html = self.bodies(content, delivery.optional, unsubscribe)
        message = EmailMultiAlternatives(
            subject=content.get("subject", ""), body=text, to=[address], headers=headers, connection=self._connection
        )
        message.attach_alternative(html, "text/html")
        for attachment in content.get("attachments", []):
            if attachment.get("method"):
                message.attach(_calendar_part(attachment))
            else:
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

    def message_objects(self, content, in_line=False, whole_text_url=None):
        """What LINE shows of the content (line_messages.py). `in_line`: portal links open through
        LIFF, already logged in (line_api.liff_url)."""
        return line_messages.message_objects(content, line_api.liff_url if in_line else str, whole_text_url)

    def request_body(self, delivery, address):
        # Pushes go to people who linked LINE: their links can open already logged in.
        with translation.override(delivery.content.get("language") or settings.LANGUAGE_CODE):
            whole_text = line_api.liff_url(settings.SITE_URL + reverse("notifications_message", args=[delivery.key]))
        return {
            "to": address,
            "messages": self.message_objects(delivery.content, in_line=True, whole_text_url=whole_text),
        }

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

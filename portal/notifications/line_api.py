"""The LINE Platform beyond pushes (those keep a connection of their own, channels.py): the
webhook's signature, replies to what people send, the rich menu, and LIFF addresses. One HTTP
request per call: replies and menu changes are few."""

import base64
import hashlib
import hmac
import http.client
import json
import logging
import time
from urllib.parse import quote, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT = 10
REPLY_PATH = "/v2/bot/message/reply"
LIFF_URL = "https://liff.line.me"


class LineApiError(Exception):
    def __init__(self, status, detail):
        super().__init__(f"LINE answered {status}: {detail}")
        self.status = status


def connection(base_url, timeout=TIMEOUT):
    url = urlsplit(base_url)
    connection_class = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    return connection_class(url.hostname, url.port, timeout=timeout)


def signature_is_valid(body, signature, secret=None):
    """X-Line-Signature: the base64 HMAC-SHA256 of the raw body with the channel secret, compared in
    constant time (https://developers.line.biz/en/reference/messaging-api/#signature-validation)."""
    secret = secret or settings.LINE_CHANNEL_SECRET
    if not secret or not signature:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode("utf-8", "replace"))


def call(method, path, body=None, data_api=False, content_type="application/json"):
    """One request to the Messaging API (or its data host, for images). Returns the decoded JSON
    answer (or {}); raises LineApiError on an error status, OSError when LINE cannot be reached."""
    base = settings.LINE_MESSAGING_API_DATA_URL if data_api else settings.LINE_MESSAGING_API_URL
    headers = {"Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}"}
    if body is not None and not isinstance(body, bytes):
        body = json.dumps(body, ensure_ascii=False).encode()
    if body is not None:
        headers["Content-Type"] = content_type
    client = connection(base)
    try:
        client.request(method, urlsplit(base).path.rstrip("/") + path, body=body, headers=headers)
        response = client.getresponse()
        answer = response.read()
    except (TimeoutError, http.client.HTTPException) as error:
        raise OSError(f"{type(error).__name__}: {error}") from error
    finally:
        client.close()
    if response.status >= 300:
        raise LineApiError(response.status, answer.decode(errors="replace")[:500])
    try:
        return json.loads(answer) if answer else {}
    except ValueError:
        return {}


def reply(reply_token, messages):
    """Answer a webhook event (https://developers.line.biz/en/reference/messaging-api/#send-reply-message).
    A reply token works once and for about a minute, so a failure is logged, not retried later;
    one quick second try covers LINE having a bad second. Returns whether LINE accepted it."""
    if not (reply_token and messages and settings.LINE_CHANNEL_ACCESS_TOKEN):
        return False
    body = {"replyToken": reply_token, "messages": messages[:5]}
    for attempt in (1, 2):
        try:
            call("POST", REPLY_PATH, body)
            return True
        except LineApiError as error:
            if (error.status < 500 and error.status != 429) or attempt == 2:
                logger.warning("LINE refused a reply: %s", error)
                return False
        except OSError as error:
            if attempt == 2:
                logger.warning("LINE could not be reached for a reply: %s", error)
                return False
        time.sleep(1)
    return False


def liff_enabled():
    """LIFF apps belong to a LINE Login channel: without one, LIFF is off too."""
    return bool(settings.LINE_LIFF_ID and settings.LINE_LOGIN_CHANNEL_ID and settings.LINE_LOGIN_CHANNEL_SECRET)


def liff_url(url):
    """A portal address as its LIFF address (https://liff.line.me/{LIFF ID}/path), which opens in
    LINE's in-app browser already logged in (accounts' LIFF entry page, the LIFF app's endpoint URL).
    Other addresses, or any address while LIFF is off, stay as they are."""
    if not liff_enabled() or not url.startswith(settings.SITE_URL + "/"):
        return url
    rest = url[len(settings.SITE_URL) + 1 :]
    return f"{LIFF_URL}/{quote(settings.LINE_LIFF_ID, safe='-')}/{rest}"


# --- the rich menu ------------------------------------------------------------------------------


def apply_rich_menu(definition, image, image_type):
    """Make `definition` (a rich menu object) with its image the default rich menu, replacing the
    menus of the same name made before: create, upload the image, set as default, then delete the
    old ones, so that friends of the account always see a menu. Returns the new rich menu's id."""
    call("POST", "/v2/bot/richmenu/validate", definition)
    old = [
        menu["richMenuId"]
        for menu in call("GET", "/v2/bot/richmenu/list").get("richmenus", [])
        if menu.get("name") == definition["name"]
    ]
    menu_id = call("POST", "/v2/bot/richmenu", definition)["richMenuId"]
    try:
        call("POST", f"/v2/bot/richmenu/{quote(menu_id)}/content", image, data_api=True, content_type=image_type)
        call("POST", f"/v2/bot/user/all/richmenu/{quote(menu_id)}")
    except (LineApiError, OSError):
        call("DELETE", f"/v2/bot/richmenu/{quote(menu_id)}")  # a menu without its image is no use to anyone
        raise
    for old_id in old:
        call("DELETE", f"/v2/bot/richmenu/{quote(old_id)}")
    return menu_id

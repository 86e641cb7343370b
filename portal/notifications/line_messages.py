"""A message as it arrives on LINE, within LINE's documented limits
(https://developers.line.biz/en/reference/messaging-api/#message-objects): at most 5 messages a
push or reply, 5,000 characters a text message, 30 KB a Flex bubble, 4 buttons, labels of 20
characters, postback data of 300.

Every word of the message arrives: in one Flex bubble with its buttons when the bubble holds it
whole, else as text messages followed by a bubble with the buttons. Only a message longer than
the push can carry is cut, at a paragraph where it can be, and then says so and links to the
whole text on the portal."""

import json

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

TEXT_LIMIT = 5000
MESSAGES_PER_PUSH = 5
BUBBLE_BYTES = 30_000
ALT_TEXT_LIMIT = 400  # LINE allows 1,500; a notification shows far less
LABEL_LIMIT = 20
POSTBACK_DATA_LIMIT = 300
MAX_BUTTONS = 4
GREEN = "#0f5132"


def _label(text):
    return str(text)[:LABEL_LIMIT]


def _postback_button(action):
    """An answer to the message: LINE posts `data` back to the webhook; the chat shows the label as
    the person's own message, so they see what they tapped."""
    style = action.get("style", "secondary")
    return {
        "type": "button",
        "style": style,
        "height": "sm",
        **({"color": GREEN} if style == "primary" else {}),
        "action": {
            "type": "postback",
            "label": _label(action["label"]),
            "data": action["data"],
            "displayText": str(action["label"])[:300],
        },
    }


def _buttons(content, link_url):
    buttons = [
        _postback_button(action) for action in content.get("actions", []) if len(action["data"]) <= POSTBACK_DATA_LIMIT
    ]
    link = content.get("button")
    if link:
        buttons.append(
            {
                "type": "button",
                "style": "link" if buttons else "primary",
                "color": GREEN,
                "height": "sm",
                "action": {"type": "uri", "label": _label(link["label"]), "uri": link_url(link["url"])},
            }
        )
    return buttons[:MAX_BUTTONS]


def _details_text(content):
    return "\n".join(f"{label}: {value}" for label, value in content.get("details", []))


def _bubble(title, paragraphs, details, buttons):
    body = [{"type": "text", "text": title, "weight": "bold", "size": "md", "wrap": True}] if title else []
    body += [{"type": "text", "text": paragraph, "size": "sm", "wrap": True} for paragraph in paragraphs]
    for label, value in details:
        body.append(
            {
                "type": "box",
                "layout": "baseline",
                "spacing": "sm",
                "contents": [
                    {"type": "text", "text": str(label), "size": "sm", "color": "#6b7280", "flex": 2, "wrap": True},
                    {"type": "text", "text": str(value), "size": "sm", "wrap": True, "flex": 5},
                ],
            }
        )
    return {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": body},
        "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": buttons},
    }


def _bubble_fits(bubble):
    return len(json.dumps(bubble, ensure_ascii=False).encode()) <= BUBBLE_BYTES


def _pieces(paragraph):
    """A paragraph in pieces of at most TEXT_LIMIT characters, cut at a line break or a space."""
    while len(paragraph) > TEXT_LIMIT:
        cut = max(paragraph.rfind("\n", 0, TEXT_LIMIT), paragraph.rfind(" ", 0, TEXT_LIMIT))
        cut = cut if cut > TEXT_LIMIT // 2 else TEXT_LIMIT
        yield paragraph[:cut].rstrip()
        paragraph = paragraph[cut:].lstrip()
    yield paragraph


def _texts(parts, most, whole_text_url):
    """The parts (title, paragraphs ...) packed into at most `most` texts of TEXT_LIMIT characters;
    when they need more, the last one ends by saying so, with the link to the whole text."""
    texts = []
    for piece in (piece for part in parts if part for piece in _pieces(part)):
        if texts and len(texts[-1]) + 2 + len(piece) <= TEXT_LIMIT:
            texts[-1] += "\n\n" + piece
        else:
            texts.append(piece)
    if len(texts) <= most:
        return texts
    notice = _("The message is too long for LINE and is cut here. Read all of it on the portal: %(url)s") % {
        "url": whole_text_url
    }
    room = TEXT_LIMIT - len(notice) - len(" …\n\n")
    last = texts[most - 1][:room]
    if (end := last.rfind("\n\n")) > room // 2:
        last = last[:end]  # cut between paragraphs where one ends late enough
    return texts[: most - 1] + [f"{last.rstrip()} …\n\n{notice}"]


def message_objects(content, link_url=str, whole_text_url=None):
    """The LINE messages of a ledger message's content. `link_url` turns a portal address into the
    one to open from LINE (line_api.liff_url in a push); `whole_text_url` is where the whole message
    is read when LINE cannot carry it all."""
    whole_text_url = whole_text_url or settings.SITE_URL
    with translation.override(content.get("language") or settings.LANGUAGE_CODE):
        title = str(content.get("title", ""))
        paragraphs = [str(paragraph) for paragraph in content.get("paragraphs", []) if paragraph]
        details = [(str(label), str(value)) for label, value in content.get("details", [])]
        buttons = _buttons(content, link_url)
        if not buttons:
            texts = _texts([title, *paragraphs, _details_text(content)], MESSAGES_PER_PUSH, whole_text_url)
            return [{"type": "text", "text": text} for text in texts]
        alt_text = str(content.get("subject") or title or _("A message from the portal"))[:ALT_TEXT_LIMIT]
        bubble = _bubble(title, paragraphs, details, buttons)
        if _bubble_fits(bubble):
            return [{"type": "flex", "altText": alt_text, "contents": bubble}]
        texts = _texts([title, *paragraphs], MESSAGES_PER_PUSH - 1, whole_text_url)
        return [{"type": "text", "text": text} for text in texts] + [
            {"type": "flex", "altText": alt_text, "contents": _bubble(title[:300], [], details, buttons)}
        ]


def _bubble_texts(node):
    if node.get("type") == "text":
        yield node["text"]
    elif node.get("layout") == "baseline":  # a detail: its label and value on one line
        yield ": ".join(child["text"] for child in node["contents"])
    else:
        for child in node.get("contents", []):
            yield from _bubble_texts(child)


def preview(messages):
    """What a person sees of `messages` in the chat, for a coordinator before sending: each
    message's text and the labels of its buttons."""
    shown = []
    for message in messages:
        if message["type"] == "text":
            shown.append({"text": message["text"], "buttons": []})
        else:
            bubble = message["contents"]
            shown.append(
                {
                    "text": "\n\n".join(_bubble_texts(bubble["body"])),
                    "buttons": [button["action"]["label"] for button in bubble["footer"]["contents"]],
                }
            )
    return shown

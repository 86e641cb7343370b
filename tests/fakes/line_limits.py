"""LINE's documented limits that its OpenAPI description (line/messaging-api.yml) does not state,
for the fake to refuse what LINE would refuse:

- actions (https://developers.line.biz/en/reference/messaging-api/#action-objects): a label of at
  most 20 characters, a postback's displayText of at most 300;
- messages: a text of at most 5000 characters, a Flex message's altText of at most 1500 and a
  bubble's JSON of at most 30 KB; a confirm template: text of at most 240 characters and exactly
  2 actions; a buttons template: text of at most 160 and at most 4 actions;
- rich menus (https://developers.line.biz/en/reference/messaging-api/#rich-menu-object): every
  property given, width 800-2500 px, height at least 250, width/height at least 1.45, at most 20
  areas, each inside the menu, chatBarText of at most 14 characters; the image a JPEG or PNG of
  at most 1 MB with exactly the menu's size.
"""

import io
import json

LABEL, DISPLAY_TEXT, TEXT, ALT_TEXT, BUBBLE_BYTES = 20, 300, 5000, 1500, 30_000
CONFIRM_TEXT, BUTTONS_TEXT, BUTTONS_ACTIONS = 240, 160, 4
RICH_MENU_KEYS = ("size", "selected", "name", "chatBarText", "areas")
IMAGE_BYTES = 1024 * 1024


def _actions(node, where):
    """(where, action) of every action object inside a message, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("action", "defaultAction") and isinstance(value, dict):
                yield f"{where}.{key}", value
            if key == "actions" and isinstance(value, list):
                yield from (
                    (f"{where}.{key}[{index}]", item) for index, item in enumerate(value) if isinstance(item, dict)
                )
            yield from _actions(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _actions(item, f"{where}[{index}]")


def action_errors(action, where):
    errors = []
    if len(str(action.get("label", ""))) > LABEL:
        errors.append((f"{where}.label", f"size must be at most {LABEL}"))
    if len(str(action.get("displayText", ""))) > DISPLAY_TEXT:
        errors.append((f"{where}.displayText", f"size must be at most {DISPLAY_TEXT}"))
    return errors


def message_limit_errors(messages):
    errors = []
    for index, message in enumerate(messages if isinstance(messages, list) else []):
        where = f"messages[{index}]"
        if not isinstance(message, dict):
            continue
        if message.get("type") == "text" and len(str(message.get("text", ""))) > TEXT:
            errors.append((f"{where}.text", f"size must be at most {TEXT}"))
        if message.get("type") == "flex":
            if len(str(message.get("altText", ""))) > ALT_TEXT:
                errors.append((f"{where}.altText", f"size must be at most {ALT_TEXT}"))
            if len(json.dumps(message.get("contents"), ensure_ascii=False).encode()) > BUBBLE_BYTES:
                errors.append((f"{where}.contents", f"size must be at most {BUBBLE_BYTES} bytes"))
        template = message.get("template") if message.get("type") == "template" else None
        if isinstance(template, dict):
            actions, text = template.get("actions") or [], str(template.get("text", ""))
            if template.get("type") == "confirm" and (len(actions) != 2 or len(text) > CONFIRM_TEXT):
                errors.append((f"{where}.template", f"a confirm template has 2 actions and {CONFIRM_TEXT} characters"))
            if template.get("type") == "buttons" and (len(actions) > BUTTONS_ACTIONS or len(text) > BUTTONS_TEXT):
                errors.append((f"{where}.template", f"a buttons template has {BUTTONS_ACTIONS} actions at most"))
        for place, action in _actions(message, where):
            errors += action_errors(action, place)
    return errors


def rich_menu_limit_errors(menu):
    errors = [(key, "must be specified") for key in RICH_MENU_KEYS if key not in menu]
    size = menu.get("size") or {}
    width, height = size.get("width", 0), size.get("height", 0)
    if not (800 <= width <= 2500 and height >= 250 and width / max(height, 1) >= 1.45):
        errors.append(("size", "width must be 800 to 2500, height at least 250, width/height at least 1.45"))
    if len(str(menu.get("chatBarText", ""))) > 14:
        errors.append(("chatBarText", "size must be at most 14"))
    areas = menu.get("areas") or []
    if not 1 <= len(areas) <= 20:
        errors.append(("areas", "size must be between 1 and 20"))
    for index, area in enumerate(areas):
        bounds = area.get("bounds") or {}
        if bounds.get("x", 0) + bounds.get("width", 0) > width or bounds.get("y", 0) + bounds.get("height", 0) > height:
            errors.append((f"areas[{index}].bounds", "must lie inside the rich menu"))
        errors += action_errors(area.get("action") or {}, f"areas[{index}].action")
    return errors


def rich_menu_image_errors(image, content_type, size):
    from PIL import Image

    if content_type not in ("image/png", "image/jpeg"):
        return ["The image must be a JPEG or PNG file"]
    if len(image) > IMAGE_BYTES:
        return ["The image must be 1 MB or smaller"]
    try:
        picture = Image.open(io.BytesIO(image))
    except OSError:
        return ["The image could not be read"]
    if picture.format.lower() not in content_type or picture.size != (size["width"], size["height"]):
        return [f"The image must be a {content_type} of {size['width']}x{size['height']} pixels"]
    return []

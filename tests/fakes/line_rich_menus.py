"""The rich menu endpoints of the fake LINE Messaging API (tests/fakes/line_messaging.py), as LINE
documents them (https://developers.line.biz/en/reference/messaging-api/#rich-menu): each request
checked against `RichMenuRequest` and the documented limits (tests/fakes/line_limits.py).

    POST   /v2/bot/richmenu/validate           the definition is valid: 200 {}, else 400 with details
    POST   /v2/bot/richmenu                    create: 200 {"richMenuId"}
    GET    /v2/bot/richmenu/list               {"richmenus": [...]}
    DELETE /v2/bot/richmenu/{id}               404 when there is no such menu
    POST   /v2/bot/richmenu/{id}/content       the image (api-data.line.me): once per menu, JPEG or
                                               PNG of the menu's size, at most 1 MB
    POST   /v2/bot/user/all/richmenu/{id}      the default menu; a menu without its image is refused
    GET    /v2/bot/user/all/richmenu           {"richMenuId"} of the default, 404 when none

`fake.rich_menus` is {id: {"definition", "image", "content_type"}}, `fake.menus.default` the default's id.
"""

import re
import secrets

from tests.fakes.line_limits import rich_menu_image_errors, rich_menu_limit_errors

MENU = re.compile(r"^/v2/bot/richmenu/(?P<id>richmenu-[0-9a-f]{32})$")
CONTENT = re.compile(r"^/v2/bot/richmenu/(?P<id>[^/]+)/content$")
DEFAULT = re.compile(r"^/v2/bot/user/all/richmenu/(?P<id>[^/]+)$")
NOT_FOUND = (404, {"message": "Not found"}, {})


class FakeRichMenus:
    def __init__(self, lock):
        self._lock = lock
        self.menus = {}
        self.default = None

    def _errors(self, body):
        from tests.fakes.line_messaging import validate

        if not isinstance(body, dict):
            return [("", "must be a JSON object")]
        return validate({"$ref": "#/components/schemas/RichMenuRequest"}, body) + rich_menu_limit_errors(body)

    def handle(self, method, path, headers, body, raw):
        from tests.fakes.line_messaging import refusal

        if method == "POST" and path in ("/v2/bot/richmenu/validate", "/v2/bot/richmenu"):
            errors = self._errors(body)
            if errors:
                return refusal(errors)
            if path.endswith("/validate"):
                return 200, {}, {}
            menu_id = f"richmenu-{secrets.token_hex(16)}"
            with self._lock:
                self.menus[menu_id] = {"definition": body, "image": None, "content_type": None}
            return 200, {"richMenuId": menu_id}, {}
        if (method, path) == ("GET", "/v2/bot/richmenu/list"):
            with self._lock:
                return (
                    200,
                    {
                        "richmenus": [
                            {"richMenuId": menu_id, **menu["definition"]} for menu_id, menu in self.menus.items()
                        ]
                    },
                    {},
                )
        if (method, path) == ("GET", "/v2/bot/user/all/richmenu"):
            return (200, {"richMenuId": self.default}, {}) if self.default else NOT_FOUND
        if method == "DELETE" and (match := MENU.match(path)):
            with self._lock:
                if self.menus.pop(match["id"], None) is None:
                    return NOT_FOUND
                if self.default == match["id"]:
                    self.default = None
            return 200, {}, {}
        if method == "POST" and (match := CONTENT.match(path)):
            return self._upload(match["id"], headers.get("content-type", ""), raw)
        if method == "POST" and (match := DEFAULT.match(path)):
            with self._lock:
                menu = self.menus.get(match["id"])
                if menu is None:
                    return NOT_FOUND
                if menu["image"] is None:
                    return 400, {"message": "must upload richmenu image before applying it to user"}, {}
                self.default = match["id"]
            return 200, {}, {}
        return NOT_FOUND

    def _upload(self, menu_id, content_type, image):
        with self._lock:
            menu = self.menus.get(menu_id)
            if menu is None:
                return NOT_FOUND
            if menu["image"] is not None:
                return 400, {"message": "An image has already been uploaded to the richmenu"}, {}
            problems = rich_menu_image_errors(image, content_type, menu["definition"]["size"])
            if problems:
                return 400, {"message": problems[0]}, {}
            menu["image"], menu["content_type"] = image, content_type
        return 200, {}, {}

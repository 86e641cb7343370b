"""manage.py line_rich_menu: make the portal's rich menu (ข่าว / กิจกรรม / กิจกรรมของฉัน / QR เช็กอิน)
the LINE Official Account's default, from portal/events/line/rich_menu.json and its image
(scripts/make_rich_menu_image.py draws it). Running it again replaces the menu: menus of the same
name made before are deleted. Each area's "uri" is a path of the portal, made absolute with
SITE_URL, and opened through LIFF when LIFF is configured (docs/line-chat.md)."""

import copy
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.notifications.line_api import LineApiError, apply_rich_menu, liff_url

HERE = Path(__file__).resolve().parents[2] / "line"


def menu_for_site(definition):
    """The definition with each area's path as the address LINE opens."""
    menu = copy.deepcopy(definition)
    for area in menu["areas"]:
        action = area["action"]
        if action.get("type") == "uri" and action["uri"].startswith("/"):
            action["uri"] = liff_url(settings.SITE_URL + action["uri"])
    return menu


class Command(BaseCommand):
    help = "Make the portal's rich menu the LINE Official Account's default (replacing the one made before)."

    def add_arguments(self, parser):
        parser.add_argument("--definition", type=Path, default=HERE / "rich_menu.json")
        parser.add_argument("--image", type=Path, default=HERE / "rich_menu.png")

    def handle(self, *args, definition, image, **options):
        if not settings.LINE_CHANNEL_ACCESS_TOKEN:
            raise CommandError(
                "LINE_CHANNEL_ACCESS_TOKEN is not set: the rich menu is made with the Messaging "
                "API channel's access token (docs/line.md)."
            )
        try:
            menu = menu_for_site(json.loads(definition.read_text(encoding="utf-8")))
            picture = image.read_bytes()
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the rich menu: {error}")
        image_type = "image/png" if image.suffix.lower() == ".png" else "image/jpeg"
        try:
            menu_id = apply_rich_menu(menu, picture, image_type)
        except LineApiError as error:
            raise CommandError(f"LINE refused the rich menu: {error}")
        except OSError as error:
            raise CommandError(f"LINE could not be reached ({settings.LINE_MESSAGING_API_URL}): {error}")
        self.stdout.write(self.style.SUCCESS(f"The rich menu {menu_id} ({menu['name']}) is now the default."))
        for area in menu["areas"]:
            self.stdout.write(f"  {area['action']['label']}: {area['action']['uri']}")

"""manage.py line_rich_menu against the fake LINE Messaging API, which checks each call against
LINE's contract and documented limits (tests/fakes/line_rich_menus.py)."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[3]
LINE_DIR = ROOT / "portal" / "events" / "line"
LABELS = ["ข่าว", "กิจกรรม", "กิจกรรมของฉัน", "QR เช็กอิน"]


def run():
    out = io.StringIO()
    call_command("line_rich_menu", stdout=out)
    return out.getvalue()


def test_the_menu_is_made_with_its_image_and_set_as_default(line_platform, settings):
    output = run()
    [(menu_id, menu)] = line_platform.rich_menus.items()
    assert line_platform.menus.default == menu_id and menu_id in output
    assert [area["action"]["label"] for area in menu["definition"]["areas"]] == LABELS
    assert [area["action"]["uri"] for area in menu["definition"]["areas"]] == [
        f"{settings.SITE_URL}/news/",
        f"{settings.SITE_URL}/events/",
        f"{settings.SITE_URL}/events/mine/",
        f"{settings.SITE_URL}/events/mine/#coming-up",
    ]
    assert menu["image"] == (LINE_DIR / "rich_menu.png").read_bytes() and menu["content_type"] == "image/png"


def test_running_it_again_replaces_the_menu(line_platform):
    run()
    first = line_platform.menus.default
    run()
    assert list(line_platform.rich_menus) == [line_platform.menus.default] != [first]


def test_with_liff_the_menu_opens_the_portal_logged_in(line_platform, settings):
    settings.LINE_LIFF_ID = "1657000000-AbCdEfGh"
    settings.LINE_LOGIN_CHANNEL_ID, settings.LINE_LOGIN_CHANNEL_SECRET = "1657000000", "0123456789abcdef" * 2
    run()
    [menu] = line_platform.rich_menus.values()
    assert [area["action"]["uri"] for area in menu["definition"]["areas"]][1:3] == [
        "https://liff.line.me/1657000000-AbCdEfGh/events/",
        "https://liff.line.me/1657000000-AbCdEfGh/events/mine/",
    ]


def test_an_image_line_refuses_leaves_the_menu_before_in_place(line_platform, tmp_path):
    run()
    before = line_platform.menus.default
    small = tmp_path / "small.png"
    Image.new("RGB", (1200, 405), "white").save(small)
    with pytest.raises(CommandError, match="2500x843"):
        call_command("line_rich_menu", image=small, stdout=io.StringIO())
    assert list(line_platform.rich_menus) == [before] and line_platform.menus.default == before


def test_a_definition_line_refuses_is_reported(line_platform, tmp_path):
    definition = json.loads((LINE_DIR / "rich_menu.json").read_text())
    definition["chatBarText"] = "เมนูของพอร์ทัลอาสาสมัคร"
    broken = tmp_path / "menu.json"
    broken.write_text(json.dumps(definition))
    with pytest.raises(CommandError, match="chatBarText"):
        call_command("line_rich_menu", definition=broken, stdout=io.StringIO())
    assert line_platform.rich_menus == {}


def test_without_a_channel_access_token_it_says_what_is_missing(settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    with pytest.raises(CommandError, match="LINE_CHANNEL_ACCESS_TOKEN"):
        call_command("line_rich_menu", stdout=io.StringIO())


def test_the_image_is_drawn_from_the_definition(tmp_path):
    """scripts/make_rich_menu_image.py draws a picture of the menu's size, within LINE's 1 MB; its
    Thai was looked at (docs/line-chat.md shows it): the committed one is what the script draws."""
    definition = json.loads((LINE_DIR / "rich_menu.json").read_text())
    committed = Image.open(LINE_DIR / "rich_menu.png")
    assert committed.size == (definition["size"]["width"], definition["size"]["height"])
    assert (LINE_DIR / "rich_menu.png").stat().st_size < 1024 * 1024
    drawn = tmp_path / "rich_menu.png"
    subprocess.run(
        [sys.executable, "scripts/make_rich_menu_image.py", str(drawn)], check=True, cwd=ROOT, capture_output=True
    )
    difference = ImageChops.difference(Image.open(drawn).convert("L"), committed.convert("L"))
    changed = sum(difference.point(lambda value: 255 if value > 64 else 0).histogram()[255:])
    assert changed < 0.0005 * committed.size[0] * committed.size[1], "draw the image again: it is not the definition's"

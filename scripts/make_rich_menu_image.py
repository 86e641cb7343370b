"""Draws the LINE rich menu's image, portal/events/line/rich_menu.png, from the definition beside
it (rich_menu.json): one tile per area, an icon and the area's label in Sarabun (shaped by raqm,
so the Thai marks sit in place). Run it after changing the labels or the layout, look at the
picture, commit both, and run `manage.py line_rich_menu` (docs/line-chat.md).

    .venv/bin/python scripts/make_rich_menu_image.py [where to write it instead]
"""

import json
import sys
from pathlib import Path

import fontpkg
from PIL import Image, ImageDraw, ImageFont, features

HERE = Path(__file__).resolve().parent.parent / "portal" / "events" / "line"
GREENS = ["#0f5132", "#146c43", "#0f5132", "#146c43"]
WHITE = "#ffffff"


def news(draw, x, y, size):
    draw.rounded_rectangle([x, y, x + size, y + size * 0.8], radius=18, outline=WHITE, width=14)
    draw.rectangle([x + size * 0.14, y + size * 0.16, x + size * 0.44, y + size * 0.42], fill=WHITE)
    for row in range(4):
        top = y + size * (0.16 + row * 0.14)
        left = x + size * (0.54 if row < 2 else 0.14)
        draw.line([left, top + 6, x + size * 0.86, top + 6], fill=WHITE, width=12)


def calendar(draw, x, y, size, check=False):
    draw.rounded_rectangle([x, y + size * 0.1, x + size, y + size * 0.9], radius=18, outline=WHITE, width=14)
    draw.rectangle([x, y + size * 0.1, x + size, y + size * 0.3], fill=WHITE)
    for ring in (0.28, 0.72):
        draw.line([x + size * ring, y, x + size * ring, y + size * 0.18], fill=WHITE, width=16)
    if check:
        draw.line(
            [(x + size * 0.28, y + size * 0.6), (x + size * 0.45, y + size * 0.76), (x + size * 0.74, y + size * 0.44)],
            fill=WHITE,
            width=22,
            joint="curve",
        )
        return
    for row in range(2):
        for column in range(3):
            left, top = x + size * (0.18 + column * 0.25), y + size * (0.42 + row * 0.22)
            draw.rectangle([left, top, left + size * 0.14, top + size * 0.12], fill=WHITE)


def qr(draw, x, y, size):
    """A QR code's look (its three finder squares and a few modules), not a code anyone could scan."""
    unit = size / 7
    for left, top in ((0, 0), (4, 0), (0, 4)):
        draw.rectangle(
            [x + left * unit, y + top * unit, x + (left + 3) * unit, y + (top + 3) * unit],
            outline=WHITE,
            width=int(unit * 0.55),
        )
        draw.rectangle(
            [x + (left + 1) * unit, y + (top + 1) * unit, x + (left + 2) * unit, y + (top + 2) * unit], fill=WHITE
        )
    for left, top in ((4, 4), (5.5, 4.5), (4.5, 5.8), (6, 6), (5, 5.2)):
        draw.rectangle([x + left * unit, y + top * unit, x + (left + 0.9) * unit, y + (top + 0.9) * unit], fill=WHITE)


def label_font(text, width):
    """Sarabun Bold as large as 92 px, smaller when the label needs it to fit the tile."""
    for size in range(92, 40, -4):
        font = ImageFont.truetype(str(fontpkg.path("Sarabun", weight=700)), size, layout_engine=ImageFont.Layout.RAQM)
        if font.getlength(text, language="th") <= width:
            return font
    return font


def main(out):
    assert features.check("raqm"), "Pillow needs libraqm to shape Thai (apt-get install libraqm0)"
    definition = json.loads((HERE / "rich_menu.json").read_text(encoding="utf-8"))
    width, height = definition["size"]["width"], definition["size"]["height"]
    image = Image.new("RGB", (width, height), GREENS[0])
    draw = ImageDraw.Draw(image)
    icons = [news, calendar, lambda d, x, y, s: calendar(d, x, y, s, check=True), qr]
    for index, area in enumerate(definition["areas"]):
        bounds = area["bounds"]
        draw.rectangle(
            [bounds["x"], bounds["y"], bounds["x"] + bounds["width"], bounds["y"] + bounds["height"]],
            fill=GREENS[index % len(GREENS)],
        )
        icon = 300
        centre = bounds["x"] + bounds["width"] / 2
        icons[index](draw, centre - icon / 2, bounds["y"] + 150, icon)
        label = area["action"]["label"]
        draw.text(
            (centre, bounds["y"] + 640),
            label,
            font=label_font(label, bounds["width"] * 0.84),
            fill=WHITE,
            anchor="mm",
            language="th",
        )
    for index in range(1, len(definition["areas"])):
        left = definition["areas"][index]["bounds"]["x"]
        draw.line([left, 60, left, height - 60], fill="#3c8a63", width=4)
    image.save(out, optimize=True)
    print(f"{out}: {width}x{height}, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "rich_menu.png")

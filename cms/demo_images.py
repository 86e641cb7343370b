"""Demo photos drawn on the spot (no downloads): a soft landscape with a caption in Thai."""

import functools
import io
import random

import fontpkg
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

PALETTES = [
    ((11, 94, 85), (242, 183, 5)),
    ((32, 84, 147), (150, 200, 230)),
    ((120, 60, 30), (240, 200, 150)),
    ((40, 110, 60), (200, 230, 160)),
    ((90, 50, 110), (230, 190, 220)),
    ((150, 40, 40), (250, 210, 170)),
]


@functools.lru_cache(maxsize=64)
def _draw(caption, seed, size=(1200, 800)):
    rng = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    width, height = size
    picture = PillowImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * share) for a, b in zip(top, bottom)))
    horizon = int(height * 0.62)
    for layer in range(3):
        shade = tuple(max(0, c - 40 - layer * 25) for c in bottom)
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, horizon + layer * 40 - rng.randint(0, 140 - layer * 30)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    for _ in range(rng.randint(5, 9)):
        x, y = rng.randint(80, width - 80), rng.randint(horizon, height - 120)
        colour = (rng.randint(180, 255), rng.randint(120, 220), rng.randint(60, 160))
        draw.ellipse([x - 18, y - 60, x + 18, y - 24], fill=(70, 45, 35))
        draw.rounded_rectangle([x - 28, y - 22, x + 28, y + 60], radius=14, fill=colour)
    font = ImageFont.truetype(str(fontpkg.path("Sarabun", weight=700)), 54)
    draw.rectangle([0, height - 110, width, height], fill=(0, 0, 0))
    # Centred, so the square crops of photo albums keep the caption.
    draw.text(
        ((width - draw.textlength(caption, font=font)) / 2, height - 95), caption, font=font, fill=(255, 255, 255)
    )
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def demo_image(title, caption, seed):
    """The demo image with this title, drawn and saved the first time it is asked for."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(_draw(caption, seed)), name=f"demo-{seed:02d}.jpg")
    )

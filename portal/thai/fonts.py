"""The Thai font of the portal's PDFs (certificates, sign-in sheets, reports): Sarabun, from the
fontpkg-sarabun package, so no font has to be installed on the server.

The package's files are rebuilt once (text_layer_font: so that copying or searching a PDF gives back
the Thai that was printed) and kept in PDF_FONT_DIR under a name that changes with the package's file
and the build. They are offered to WeasyPrint under a family name of their own: a Sarabun installed
on the machine (the production image registers one with fontconfig) would otherwise be taken instead."""

import functools
import hashlib
import os
from pathlib import Path

import fontpkg
from django.conf import settings

from portal.thai import text_layer_font

FAMILY = "Sarabun PDF"
WEIGHTS = {"font_regular": 400, "font_bold": 700}


def pdf_fonts():
    """The family name and the file:// addresses of its regular and bold, for a WeasyPrint template."""
    return {"font_family": FAMILY, **{key: _rebuilt(weight).as_uri() for key, weight in WEIGHTS.items()}}


@functools.cache
def _rebuilt(weight):
    source = fontpkg.path("Sarabun", weight=weight)
    digest = hashlib.sha256(source.read_bytes() + text_layer_font.REVISION.encode()).hexdigest()[:16]
    target = Path(settings.PDF_FONT_DIR) / f"{source.stem}-{digest}.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")
        partial.write_bytes(text_layer_font.build(source))
        partial.replace(target)  # atomic: another worker building at the same time finds a whole file
    return target

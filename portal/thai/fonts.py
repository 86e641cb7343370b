"""The Thai font of the portal's PDFs (certificates, sign-in sheets, reports): Sarabun, from the
fontpkg-sarabun package, so no font has to be installed on the server."""

import fontpkg


def sarabun_urls():
    """file:// addresses of Sarabun regular and bold, for @font-face in a WeasyPrint template."""
    return {
        "font_regular": fontpkg.path("Sarabun", weight=400).as_uri(),
        "font_bold": fontpkg.path("Sarabun", weight=700).as_uri(),
    }

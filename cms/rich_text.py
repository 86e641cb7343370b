import re

from bs4 import BeautifulSoup
from django.utils.html import escape
from wagtail.admin.rich_text import DraftailRichTextArea

# The references Wagtail stores by a database id, and looks up each time the text is shown.
REFERENCES_BY_ID = {("a", "linktype", "page"), ("a", "linktype", "document"), ("embed", "embedtype", "image")}
DATABASE_ID = re.compile(r"[0-9]+")


def without_broken_references(html):
    """A link or an image whose id is not a number would make every later showing of the page fail:
    such a link becomes its plain text and such an image is left out."""
    soup = BeautifulSoup(html, "html.parser")
    broken = [
        tag
        for tag in soup.find_all(["a", "embed"])
        if any(tag.name == name and tag.get(attribute) == kind for name, attribute, kind in REFERENCES_BY_ID)
        and not DATABASE_ID.fullmatch(tag.get("id", ""))
    ]
    if not broken:
        return html
    for tag in broken:
        if tag.name == "a":
            tag.unwrap()
        else:
            tag.decompose()
    return str(soup)


class RichTextArea(DraftailRichTextArea):
    """Wagtail's rich text editor. The editor always posts its own JSON; anything else (a script posting
    the form, a broken browser extension) is kept as the plain text it is, not a server error."""

    def value_from_datadict(self, data, files, name):
        try:
            html = super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, AttributeError, KeyError):
            return f"<p>{escape(data.get(name))}</p>"
        return without_broken_references(html) if html else html

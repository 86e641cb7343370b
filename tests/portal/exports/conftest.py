import pytest
from django.contrib.auth.models import Group

from portal.thai import pdf as thai_pdf

# What a spreadsheet would take for a formula: ASCII and full-width triggers, after spaces, tab and line breaks first.
HOSTILE_NAMES = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\tแท็บ",
    "\rขึ้นบรรทัด",
    "＝1+1",
    "＋66",
    "－2",
    "＠SUM(A1)",
    " =1+1",
    '\u3000＝HYPERLINK("x")',
    "\nบรรทัดใหม่",
]


@pytest.fixture
def editor(make_volunteer):
    user = make_volunteer("writer")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def rendered(monkeypatch):
    """The HTML of each PDF made, as it went to WeasyPrint."""
    pages, original = [], thai_pdf.for_the_text_layer
    monkeypatch.setattr(thai_pdf, "for_the_text_layer", lambda html: pages.append(html) or original(html))
    return pages

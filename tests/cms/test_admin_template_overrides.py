"""The two Wagtail admin templates we override (templates/wagtailadmin/, listed in docs/upgrading.md)
have no hook or component to go through. These fail when an upgrade changes Wagtail's originals, so
the override is looked at again rather than silently hiding Wagtail's change."""

from pathlib import Path

import wagtail

WAGTAIL_TEMPLATES = Path(wagtail.__file__).parent / "admin" / "templates"
OURS = Path(__file__).resolve().parents[2] / "templates"
ACTIONS = "wagtailadmin/shared/headers/_actions.html"
TITLE_HEADER = "wagtailadmin/pages/listing/_page_title_column_header.html"


def _markup(text):
    return [
        line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith(("{#", "{% load"))
    ]


def test_the_header_actions_are_wagtails_own_with_the_label_translated():
    theirs = (WAGTAIL_TEMPLATES / ACTIONS).read_text()
    ours = (OURS / ACTIONS).read_text()
    assert 'aria-label="Actions"' in theirs
    assert _markup(ours) == _markup(theirs.replace('aria-label="Actions"', "aria-label=\"{% translate 'Actions' %}\""))


def test_the_page_search_header_still_names_its_rows_through_model_name():
    theirs = (WAGTAIL_TEMPLATES / TITLE_HEADER).read_text()
    ours = (OURS / TITLE_HEADER).read_text()
    assert "{% block after_label %}" in theirs and theirs.count("{{ model_name }}") == 3
    assert f'{{% extends "{TITLE_HEADER}" %}}' in ours and "{% block after_label %}" in ours

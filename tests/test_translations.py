"""Thai is the default language, so every string the code marks for translation must have a Thai
translation, and the compiled catalogue that ships must match the source."""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "th" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCE_DIRS = ["cms", "config", "portal", "templates"]


def _join(quoted):
    return "".join(ast.literal_eval(f'"{part}"') for part in re.findall(r'"(.*)"', quoted))


def _entries(po_text):
    """(context, msgid) -> first msgstr, for every entry but the header, continuation lines joined."""
    entries = {}
    for block in po_text.split("\n\n"):
        text = "\n".join(line for line in block.splitlines() if not line.startswith("#"))
        context = re.search(r'^msgctxt ((?:".*"\n?)+)', text, re.MULTILINE)
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', text, re.MULTILINE)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', text, re.MULTILINE)
        if msgid and msgstr and _join(msgid.group(1)):
            key = (_join(context.group(1)) if context else None, _join(msgid.group(1)))
            entries[key] = _join(msgstr.group(1))
    return entries


def test_every_thai_string_is_translated_and_none_is_fuzzy():
    text = PO.read_text(encoding="utf-8")
    entries = _entries(text)
    assert entries
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in text


def test_the_compiled_catalogue_matches_the_source():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    stale = [
        msgid
        for (context, msgid), msgstr in _entries(PO.read_text(encoding="utf-8")).items()
        if (catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)) != msgstr
    ]
    assert stale == [], "django.mo is older than django.po: run `make messages`"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext (msgfmt) is not installed")
def test_no_translatable_string_is_missing_from_the_catalogue(tmp_path):
    for name in SOURCE_DIRS + ["locale"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONPATH=str(tmp_path))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "th", "--no-obsolete", "--verbosity", "0"],
        cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120,
    )
    fresh = set(_entries((tmp_path / PO.relative_to(ROOT)).read_text(encoding="utf-8")))
    shipped = set(_entries(PO.read_text(encoding="utf-8")))
    assert fresh - shipped == set(), "new strings are not in the catalogue: run `make messages` and translate them"
    assert shipped - fresh == set(), "the catalogue has strings the code no longer uses: run `make messages`"

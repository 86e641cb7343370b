"""Thai is the default language, so every string the code marks for translation must have a Thai
translation, and the compiled catalogues that ship must match the source: django (templates and Python) and
djangojs (the strings of Wagtail's admin scripts, which its JavaScript catalogue takes from ours)."""

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
LC_MESSAGES = ROOT / "locale" / "th" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]
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


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_thai_string_is_translated_and_none_is_fuzzy(domain):
    text = (LC_MESSAGES / f"{domain}.po").read_text(encoding="utf-8")
    entries = _entries(text)
    assert entries
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in text


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_matches_the_source(domain):
    catalogue = gettext.GNUTranslations((LC_MESSAGES / f"{domain}.mo").open("rb"))
    stale = [
        msgid
        for (context, msgid), msgstr in _entries((LC_MESSAGES / f"{domain}.po").read_text(encoding="utf-8")).items()
        if (catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)) != msgstr
    ]
    assert stale == [], f"{domain}.mo is older than {domain}.po: run `make messages`"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext (msgfmt) is not installed")
def test_no_translatable_string_is_missing_from_the_catalogue(tmp_path):
    for name in SOURCE_DIRS + ["locale"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONPATH=str(tmp_path))
    for domain in DOMAINS:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "--locale",
                "th",
                "--domain",
                domain,
                "--no-obsolete",
                "--verbosity",
                "0",
            ],
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        po = LC_MESSAGES / f"{domain}.po"
        fresh = set(_entries((tmp_path / po.relative_to(ROOT)).read_text(encoding="utf-8")))
        shipped = set(_entries(po.read_text(encoding="utf-8")))
        assert fresh - shipped == set(), f"new strings are not in {domain}.po: run `make messages` and translate them"
        assert shipped - fresh == set(), f"{domain}.po has strings the code no longer uses: run `make messages`"

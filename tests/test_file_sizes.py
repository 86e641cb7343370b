"""No file of ours is longer than the next engineer can read in one sitting: 350 lines at most.

Left out: what we do not write by hand (migrations, translation catalogues, vendored static files, npm's lock
files, LINE's own OpenAPI contract in tests/fakes/line/) and pictures, fonts and other files that are not text."""

import subprocess
from pathlib import PurePosixPath

from django.conf import settings

MOST_LINES = 350
NOT_WRITTEN_BY_HAND = ("static/vendor/", "tests/fakes/line/")


def is_ours(path):
    parts = PurePosixPath(path)
    return not (
        "migrations" in parts.parts
        or parts.suffix in (".po", ".mo")
        or parts.name == "package-lock.json"
        or path.startswith(NOT_WRITTEN_BY_HAND)
    )


def text_lines(path):
    """The file's line count, or None when it is not text (a picture, a font, a PDF)."""
    content = (settings.BASE_DIR / path).read_bytes()
    if b"\0" in content:
        return None
    try:
        return len(content.decode("utf-8").splitlines())
    except UnicodeDecodeError:
        return None


def tracked_files():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=settings.BASE_DIR, capture_output=True, check=True)
    paths = [path for path in listed.stdout.decode().split("\0") if path]
    # a file deleted in the work tree but not yet in the index is not ours any more
    return [path for path in paths if (settings.BASE_DIR / path).is_file()]


def test_no_file_of_ours_is_over_350_lines():
    too_long = {
        path: lines
        for path in tracked_files()
        if is_ours(path) and (lines := text_lines(path)) is not None and lines > MOST_LINES
    }
    assert not too_long, "split these by concern:\n" + "\n".join(
        f"{path}: {lines} lines" for path, lines in sorted(too_long.items())
    )


def test_the_rule_sees_our_files_and_leaves_out_what_we_do_not_write():
    files = tracked_files()
    assert "portal/events/services.py" in files and is_ours("portal/events/services.py")
    assert is_ours("docs/line.md") and is_ours("tests/test_access_matrix.py")
    for generated in (
        "portal/events/migrations/0001_initial.py",
        "locale/th/LC_MESSAGES/django.po",
        "static/vendor/liff/liff-sdk.js",
        "scripts/liff/package-lock.json",
        "tests/fakes/line/messaging-api.yml",
    ):
        assert not is_ours(generated), generated
    assert text_lines("portal/events/line/rich_menu.png") is None

"""The self-hosted QR decoder (static/vendor/jsqr/, docs/check-in.md) is exactly the pinned jsQR's own
build: its hash is the recorded one, and it is byte for byte the file of the pinned package (scripts/qr,
installed by `make test`). It needs no eval, which the site's Content Security Policy forbids."""

import hashlib
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor" / "jsqr"
PINNED = ROOT / "scripts" / "qr"


def test_the_vendored_decoder_is_the_recorded_file_of_the_pinned_version():
    decoder = (VENDOR / "jsQR.js").read_bytes()
    recorded = dict(reversed(line.split()) for line in (VENDOR / "SHA256SUMS").read_text().splitlines())
    assert hashlib.sha256(decoder).hexdigest() == recorded["jsQR.js"]
    lock = json.loads((PINNED / "package-lock.json").read_text())
    assert (
        json.loads((PINNED / "package.json").read_text())["dependencies"]["jsqr"]
        == lock["packages"]["node_modules/jsqr"]["version"]
    )
    assert b"eval(" not in decoder and b"new Function" not in decoder
    assert "Apache License" in (VENDOR / "LICENSE").read_text()


def test_the_vendored_decoder_is_the_pinned_package_s_own():
    installed = PINNED / "node_modules" / "jsqr"
    if not installed.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("scripts/qr/node_modules is missing: `make test` installs it (npm ci)")
        pytest.skip("scripts/qr/node_modules is not installed (npm ci --prefix scripts/qr)")
    assert (
        json.loads((installed / "package.json").read_text())["version"]
        == json.loads((PINNED / "package.json").read_text())["dependencies"]["jsqr"]
    )
    assert (installed / "dist" / "jsQR.js").read_bytes() == (VENDOR / "jsQR.js").read_bytes()

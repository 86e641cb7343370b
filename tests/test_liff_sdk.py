"""The self-hosted LIFF SDK (static/vendor/liff/liff-sdk.js) is exactly LINE's pinned @line/liff,
built by `make liff-sdk`: its hash is the recorded one, it names the pinned version, and building
it again from the pinned packages (scripts/liff, installed by `make test`) gives the same bytes."""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor" / "liff"
BUILD = ROOT / "scripts" / "liff"


def pinned_version():
    lock = json.loads((BUILD / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/@line/liff"]["version"]
    assert json.loads((BUILD / "package.json").read_text())["dependencies"]["@line/liff"] == version
    return version


def test_the_vendored_sdk_is_the_recorded_build_of_the_pinned_version():
    sdk = (VENDOR / "liff-sdk.js").read_bytes()
    recorded = dict(reversed(line.split()) for line in (VENDOR / "SHA256SUMS").read_text().splitlines())
    assert hashlib.sha256(sdk).hexdigest() == recorded["liff-sdk.js"]
    assert sdk.startswith(f"/*! @line/liff {pinned_version()} ".encode())
    assert f"LIFF) {pinned_version()}" in (VENDOR / "LICENSE.md").read_text()


def test_building_the_pinned_packages_again_gives_the_same_file(tmp_path):
    if not (BUILD / "node_modules" / ".bin" / "esbuild").exists() or not shutil.which("node"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("scripts/liff/node_modules is missing: `make test` installs it (npm ci)")
        pytest.skip("scripts/liff/node_modules is not installed (npm ci --prefix scripts/liff)")
    subprocess.run(
        ["make", "-s", "liff-sdk", f"LIFF_OUT={tmp_path / 'liff-sdk.js'}"], cwd=ROOT, check=True, timeout=120
    )
    assert (tmp_path / "liff-sdk.js").read_bytes() == (VENDOR / "liff-sdk.js").read_bytes()

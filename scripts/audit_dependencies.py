"""Fail when a version pinned in requirements.lock (what the site runs on) or requirements-dev.lock (the
tools that test it, which run on developers' and CI's machines) has a known vulnerability. `make test`
runs it first.

pip-audit asks OSV (https://osv.dev, which carries the PyPA and GitHub advisories) about every pin.
An advisory that cannot be acted on yet is listed in audit-ignore.txt with a date by which to look
again; once that date has passed, the audit fails until the entry is renewed or removed.

Where the advisory service cannot be reached (an offline build machine), the audit says so and does
not fail, unless DEPENDENCY_AUDIT_REQUIRED=true: set that wherever the internet is available.
OSV_API_URL and AUDIT_IGNORE_FILE point it elsewhere (a mirror of OSV; the tests' fake)."""

import datetime
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK_FILES = [ROOT / "requirements.lock", ROOT / "requirements-dev.lock"]
IGNORE_FILE = Path(os.environ.get("AUDIT_IGNORE_FILE", ROOT / "audit-ignore.txt"))
OSV_QUERY_URL = os.environ.get("OSV_API_URL", "https://api.osv.dev").rstrip("/") + "/v1/query"
TIMEOUT_SECONDS = 15


def why_unreachable(url):
    """None when the advisory service answers a query, else the reason it does not."""
    probe = json.dumps({"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "0"}).encode()
    request = urllib.request.Request(url, data=probe, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS):
            return None
    except urllib.error.HTTPError as error:
        return f"it answered HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return str(getattr(error, "reason", error))


def ignored_advisories(today):
    """The advisory ids to ignore, and the lines whose review date has passed.

    Each line: `ID  YYYY-MM-DD  why it cannot be fixed yet`; `#` starts a comment."""
    ids, expired = [], []
    if not IGNORE_FILE.exists():
        return ids, expired
    for number, line in enumerate(IGNORE_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split(maxsplit=2)
        try:
            advisory, review_by, _reason = fields
            review_date = datetime.date.fromisoformat(review_by)
        except ValueError:
            expired.append(f"{IGNORE_FILE.name}:{number}: expected `ID YYYY-MM-DD reason`, found {line!r}")
            continue
        if review_date < today:
            expired.append(f"{IGNORE_FILE.name}:{number}: {advisory} was to be looked at again by {review_by}")
        else:
            ids.append(advisory)
    return ids, expired


def main():
    required = os.environ.get("DEPENDENCY_AUDIT_REQUIRED", "").lower() == "true"
    reason = why_unreachable(OSV_QUERY_URL)
    if reason:
        print(f"Dependency audit NOT run: {OSV_QUERY_URL} cannot be reached ({reason}).", file=sys.stderr)
        return 1 if required else 0

    ignore, expired = ignored_advisories(datetime.date.today())
    if expired:
        print("Dependency audit: an ignored advisory is due for review:", *expired, sep="\n  ", file=sys.stderr)
        return 1

    command = [
        sys.executable,
        "-m",
        "pip_audit",
        *(part for lock in LOCK_FILES for part in ("--requirement", str(lock))),
        # The lock pins every package, so nothing is resolved: pip and PyPI are not needed.
        "--no-deps",
        "--disable-pip",
        "--strict",
        "--vulnerability-service",
        "osv",
        "--osv-url",
        OSV_QUERY_URL,
        "--timeout",
        str(TIMEOUT_SECONDS),
        "--progress-spinner",
        "off",
        "--aliases",
        "on",
        "--desc",
        "on",
    ]
    for advisory in ignore:
        command += ["--ignore-vuln", advisory]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())

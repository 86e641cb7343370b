"""The dependency audit that `make test` runs first (scripts/audit_dependencies.py), against a fake
OSV: it must ask about every pinned version and fail on one with a known vulnerability."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.osv import FakeOsv

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "audit_dependencies.py"
LOCK_FILES = ("requirements.lock", "requirements-dev.lock")
PINS = {
    name: version
    for lock in LOCK_FILES
    for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", (ROOT / lock).read_text(), re.MULTILINE)
}


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def audit(osv_url, ignore_file=None, **env):
    environment = {key: value for key, value in os.environ.items() if key != "DEPENDENCY_AUDIT_REQUIRED"}
    environment.update(OSV_API_URL=osv_url, **env)
    if ignore_file is not None:
        environment["AUDIT_IGNORE_FILE"] = str(ignore_file)
    return subprocess.run(
        [sys.executable, str(SCRIPT)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture
def osv():
    with FakeOsv() as fake:
        yield fake


def test_every_pinned_version_is_asked_about_and_a_clean_lock_passes(osv):
    result = audit(osv.url)

    assert result.returncode == 0, result.stdout + result.stderr
    asked = {query["package"]["name"]: query["version"] for query in osv.queries if query["package"]["name"] != "pip"}
    assert asked == {canonical(name): version for name, version in PINS.items()}
    assert {query["package"]["ecosystem"] for query in osv.queries} == {"PyPI"}


def test_both_lock_files_are_audited():
    assert {"django", "gunicorn", "boto3"} <= set(PINS), "the runtime lock"
    assert {"pytest", "moto", "playwright"} <= set(PINS), "the development lock"


def test_a_vulnerable_test_tool_fails_the_audit_too(osv):
    osv.advise("pytest", PINS["pytest"], "GHSA-test-0000-0002", fixed="99.0")

    result = audit(osv.url)

    assert result.returncode == 1
    assert re.search(rf"pytest\s+{re.escape(PINS['pytest'])}\s+GHSA-test-0000-0002", result.stdout), result.stdout


def test_a_vulnerable_pin_fails_the_audit_and_names_the_advisory_and_the_fix(osv):
    osv.advise("django", PINS["django"], "PYSEC-2026-0001", fixed="5.2.99", aliases=["CVE-2026-00001"])

    result = audit(osv.url)

    assert result.returncode == 1
    report = result.stdout
    assert re.search(rf"django\s+{re.escape(PINS['django'])}\s+PYSEC-2026-0001", report), report
    assert "5.2.99" in report and "CVE-2026-00001" in report


def test_an_ignored_advisory_passes_until_its_review_date(osv, tmp_path):
    osv.advise("wagtail", PINS["wagtail"], "GHSA-test-0000-0001")
    ignore_file = tmp_path / "audit-ignore.txt"
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    ignore_file.write_text(f"# advisory  review by  why\nGHSA-test-0000-0001  {tomorrow}  no fixed release yet\n")

    assert audit(osv.url, ignore_file).returncode == 0

    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    ignore_file.write_text(f"GHSA-test-0000-0001  {yesterday}  no fixed release yet\n")
    result = audit(osv.url, ignore_file)
    assert result.returncode == 1
    assert "GHSA-test-0000-0001 was to be looked at again by" in result.stderr


def test_a_malformed_ignore_line_fails_rather_than_ignoring_everything(osv, tmp_path):
    ignore_file = tmp_path / "audit-ignore.txt"
    ignore_file.write_text("GHSA-test-0000-0001 some day\n")

    result = audit(osv.url, ignore_file)

    assert result.returncode == 1
    assert "expected `ID YYYY-MM-DD reason`" in result.stderr


def test_an_unreachable_advisory_service_is_reported_and_fails_only_when_required():
    with FakeOsv() as fake:
        closed = fake.url

    offline = audit(closed)
    assert offline.returncode == 0
    assert f"Dependency audit NOT run: {closed}/v1/query cannot be reached" in offline.stderr

    assert audit(closed, DEPENDENCY_AUDIT_REQUIRED="true").returncode == 1


def test_make_test_runs_the_audit_before_the_suite():
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    audit_line = next(i for i, line in enumerate(dry_run) if "scripts/audit_dependencies.py" in line)
    suite_line = next(i for i, line in enumerate(dry_run) if "-m pytest" in line)
    assert audit_line < suite_line

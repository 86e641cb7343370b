"""The import contract in pyproject.toml (`lint-imports`, run by `make test`): it holds for the code as
it is, and an import the wrong way, even one tucked inside a function, breaks it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy_of_the_code(tmp_path):
    """The packages' Python files and the contract, in a tree of their own that a test may spoil."""
    for package in ("cms", "config", "portal"):
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("templates", "static", "locale", "__pycache__", "*.html", "*.js", "*.css"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_code_keeps_the_contract(copy_of_the_code):
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


WRONG_WAY = {
    # notifications knows no domain: not even a profile, asked for inside a function.
    "portal/notifications/wrong_way.py": (
        "def profiles():\n    from portal.accounts.models import Profile\n\n\nfrom portal.events import notices\n"
    ),
    # accounts knows nothing of sign-ups.
    "portal/accounts/wrong_way.py": "from portal.events.permissions import signups_visible_to\n",
    # events sits below the site: the certificate's organisation is registered by cms.
    "portal/events/wrong_way.py": "from cms.models import OrganisationSettings\n",
    "portal/thai/wrong_way.py": "from portal.notifications import ledger\n",
    "cms/wrong_way.py": "from portal.exports import exporters\n",
    "portal/exports/wrong_way.py": "import config.settings.base\n",
}
BROKEN = [
    "portal.notifications is not allowed to import portal.accounts",
    "portal.notifications is not allowed to import portal.events",
    "portal.accounts is not allowed to import portal.events",
    "portal.events is not allowed to import cms",
    "portal.thai is not allowed to import portal.notifications",
    "cms is not allowed to import portal.exports",
    "portal.admin_plumbing is not allowed to import portal.events",
    "portal is not allowed to import config.settings",
]


def test_each_wrong_way_import_breaks_the_contract(copy_of_the_code):
    for path, source in WRONG_WAY.items():
        (copy_of_the_code / path).write_text(source)
    plumbing = copy_of_the_code / "portal" / "admin_plumbing.py"
    plumbing.write_text(plumbing.read_text() + "\nfrom portal.events import permissions\n")
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 1, result.stdout
    assert [line for line in BROKEN if line not in result.stdout] == []


def test_make_test_runs_the_contract_and_the_linter_before_the_tests():
    recipe = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "lint-imports" in recipe and recipe.index("lint-imports") < recipe.index("pytest")
    assert "ruff check" in recipe and recipe.index("ruff check") < recipe.index("pytest")

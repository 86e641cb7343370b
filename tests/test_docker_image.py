"""The image: what the Dockerfile installs and runs, and what .dockerignore keeps out of the build context."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def test_dockerfile_installs_the_runtime_lock_only_and_the_thai_font():
    assert "pip install -r requirements.lock" in DOCKERFILE
    assert "requirements-dev" not in DOCKERFILE.replace("requirements-dev.lock is for development", "")
    assert 'fontpkg.path("Sarabun")' in DOCKERFILE and "fc-cache" in DOCKERFILE
    assert "libpango" in DOCKERFILE
    import fontpkg

    assert fontpkg.path("Sarabun").exists()


def test_the_image_runs_as_an_ordinary_user_with_a_liveness_healthcheck():
    instructions = [line.split(None, 1) for line in DOCKERFILE.splitlines() if line and not line.startswith((" ", "#"))]
    users = [argument for instruction, argument in instructions if instruction == "USER"]
    assert users and users[-1].strip() not in ("root", "0")
    healthcheck = DOCKERFILE.split("HEALTHCHECK", 1)[1].split("\nCMD", 1)[0]
    assert "/healthz/live" in healthcheck
    assert instructions[-1][0] == "CMD" and "python:config.gunicorn" in instructions[-1][1]


def _dockerignore_excludes(path):
    """Whether .dockerignore keeps `path` out of the build context, by Docker's rules: patterns in order,
    the last that matches the path or one of its parent folders wins, `!` lets it back in."""

    def regex(pattern):
        pattern = pattern.strip("/")
        parts = re.split(r"(\*\*/?|\*|\?)", pattern)
        translated = {"**": ".*", "**/": "(?:.*/)?", "*": "[^/]*", "?": "[^/]"}
        return re.compile("".join(translated.get(part, re.escape(part)) for part in parts) + "$")

    excluded = False
    prefixes = ["/".join(path.split("/")[:n]) for n in range(1, path.count("/") + 2)]
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = regex(line.lstrip("!"))
        if any(pattern.match(prefix) for prefix in prefixes):
            excluded = not negated
    return excluded


@pytest.mark.parametrize(
    "path",
    [
        ".git/HEAD",
        ".venv/bin/python",
        "node_modules/x/index.js",
        "tests/e2e/axe/node_modules/axe-core/axe.min.js",
        "var/demo.sqlite3",
        "var/mail/20261201-1.log",
        "var/media/original_images/a.jpg",
        "test-artifacts/journey.png",
        ".env",
        ".env.production",
        ".pytest_cache/v/cache",
        "tests/conftest.py",
        "cms/__pycache__/models.cpython-311.pyc",
    ],
)
def test_dockerignore_keeps_history_virtualenvs_personal_data_and_local_env_out(path):
    assert _dockerignore_excludes(path), path


@pytest.mark.parametrize(
    "path",
    [
        "manage.py",
        "config/settings/production.py",
        "requirements.lock",
        ".env.example",
        "static/css/site.css",
        "locale/th/LC_MESSAGES/django.po",
        "cms/models.py",
    ],
)
def test_dockerignore_lets_the_code_in(path):
    assert not _dockerignore_excludes(path), path

"""No Docker engine runs here, so docker-compose.yml, the Dockerfile and .env.example are checked
against the code instead: every service's command must point at something that exists."""

import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _command(service):
    command = service.get("command")
    return shlex.split(command) if isinstance(command, str) else list(command or [])


def _documented_variables():
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_compose_has_the_production_shape():
    assert {"postgres", "redis", "web", "worker", "beat", "mailcatcher"} <= set(SERVICES)


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_command_points_at_code_that_exists(name):
    service = SERVICES[name]
    if "build" not in service:
        image = service["image"]
        assert ":" in image and not image.endswith(":latest"), f"{name}: pin the image tag ({image})"
        return
    assert (ROOT / service.get("build", ".") / "Dockerfile").exists()
    command = _command(service)
    assert command, f"{name} has no command"
    program = command[0]
    if program == "gunicorn":
        module_name, attribute = next(arg for arg in command[1:] if ":" in arg and not arg.startswith("0.")).split(":")
        assert callable(getattr(importlib.import_module(module_name), attribute))
    elif program == "celery":
        app_module = command[command.index("-A") + 1]
        app = importlib.import_module(app_module).celery_app
        assert app.main == app_module
        assert command[command.index("-A") + 2] in {"worker", "beat"}
    elif command[:2] == ["python", "manage.py"]:
        assert command[2] in get_commands(), f"{name}: no management command {command[2]}"
    else:
        pytest.fail(f"{name}: unknown program {program}")


def test_web_worker_and_beat_run_the_commands_the_docs_name():
    assert _command(SERVICES["web"])[:2] == ["gunicorn", "config.wsgi:application"]
    assert _command(SERVICES["worker"])[:4] == ["celery", "-A", "config", "worker"]
    assert _command(SERVICES["beat"])[:4] == ["celery", "-A", "config", "beat"]


def test_beat_schedule_tasks_exist():
    from config.celery import app

    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, f"beat schedules {entry['task']}, which no module defines"


def test_dockerfile_installs_the_lock_file_and_the_thai_font():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -r requirements.lock" in dockerfile
    assert 'fontpkg.path("Sarabun")' in dockerfile and "fc-cache" in dockerfile
    assert "libpango" in dockerfile
    import fontpkg

    assert fontpkg.path("Sarabun").exists()


def test_every_variable_compose_interpolates_is_documented():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    assert used - _documented_variables() == set()


def test_every_variable_the_settings_read_is_documented_in_env_example_and_readme():
    settings_source = "\n".join(p.read_text() for p in (ROOT / "config" / "settings").glob("*.py"))
    read = set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", settings_source))
    read |= {"PORT"}  # read by config/run_demo.py
    assert read, "the pattern no longer finds env() calls"
    assert read - _documented_variables() == set()
    readme = (ROOT / "README.md").read_text()
    assert {name for name in _documented_variables() if f"`{name}`" not in readme} == set()


def test_requirements_lock_pins_every_package():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    unpinned = [line for line in lines if "==" not in line]
    assert unpinned == []
    names = {line.split("==")[0].lower() for line in lines}
    assert {"django", "wagtail", "django-allauth", "celery", "psycopg2-binary", "pytest-django"} <= names


OPERATIONS_GUIDE = (ROOT / "docs" / "operations.md").read_text()


@pytest.mark.parametrize("name", sorted(name for name, service in SERVICES.items() if "command" in service))
def test_the_operators_guide_gives_each_service_its_real_command(name):
    assert f"`{shlex.join(_command(SERVICES[name]))}`" in OPERATIONS_GUIDE


def test_the_operators_guide_lists_every_scheduled_task():
    from config.celery import app

    for entry in app.conf.beat_schedule.values():
        assert f"`{entry['task']}`" in OPERATIONS_GUIDE, f"docs/operations.md does not mention {entry['task']}"

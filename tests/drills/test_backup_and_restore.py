"""Drill: the site is lost (database dropped, media folder deleted) and brought back from the nightly
backup, with the commands docs/operations.md gives the operator.

The source is the demo (`migrate` + `load_demo`) in a throwaway database on the shared PostgreSQL
server, with MEDIA_ROOT in a temporary VAR_DIR; the demo volunteer signs up for the demo training and
a visitor opens the home page, which draws the renditions of the announcement cards' images. The backup
is a pg_dump of the database and a tar of the media folder; after the wipe both are restored and the
site is looked at as an operator would: nothing left to migrate, the same rows, the Thai titles intact,
every image file there, the volunteer's password still good, the home page and its images served."""

import datetime
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from cms.demo import TRAINING
from tests.services import postgres_missing

from .conftest import service_missing

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_CLIENT_TOOLS = ("pg_dump", "pg_restore", "createdb", "dropdb")

VISIT_AND_SIGN_UP = """
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event

Client().get("/")
training = Event.objects.get(title=TRAINING_TITLE)
volunteer = Client()
volunteer.force_login(get_user_model().objects.get(username="volunteer"))
volunteer.post(reverse("events:register", args=[training.pk]),
               {"activities": [activity.pk for activity in training.activities.all()]})
"""

# Rows are counted before the home page is drawn: drawing it would make anew any rendition that did not come back.
WHAT_THE_OPERATOR_SEES = """
import json
import re

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from wagtail.images.models import Image, Rendition
from wagtail.models import Page

from cms.demo import TRAINING
from portal.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from portal.events.models import Signup

files = [image.file.name for image in Image.objects.all()]
files += [rendition.file.name for rendition in Rendition.objects.all()]
seen = {
    "users": get_user_model().objects.count(),
    "pages": Page.objects.count(),
    "signups": Signup.objects.count(),
    "volunteers_signups": Signup.objects.filter(user__username="volunteer").count(),
    "images": Image.objects.count(),
    "renditions": Rendition.objects.count(),
    "training_title": Page.objects.get(slug=TRAINING["th"]["slug"], locale__language_code="th").title,
    "image_files_missing": [name for name in files if not default_storage.exists(name)],
}
home = Client().get("/")
seen["home"] = home.status_code
seen["home_shows_training_title"] = TRAINING["th"]["title"] in home.content.decode()
seen["media_on_home"] = {
    url: Client().get(url).status_code for url in sorted(set(re.findall(r"/media/[^\\s\\"',]+", home.content.decode())))
}
volunteer_email = next(email for username, email, *_ in DEMO_USERS if username == "volunteer")
volunteer = Client()
login = volunteer.post(reverse("account_login"), {"login": volunteer_email, "password": DEMO_PASSWORD})
seen["volunteer_logged_in"] = login.status_code == 302 and volunteer.session.get("_auth_user_id") == str(
    get_user_model().objects.get(email=volunteer_email).pk
)
print(json.dumps(seen, ensure_ascii=False))
"""


class ThrowawayDatabase:
    """A database of our own on the shared PostgreSQL server, made and dropped with the client tools."""

    def __init__(self):
        server = settings.DATABASES["default"]
        self.name = f"drill_backup_{secrets.token_hex(4)}"
        self.host, self.port = server["HOST"] or "127.0.0.1", str(server["PORT"] or 5432)
        self.user, self.password = server["USER"], server.get("PASSWORD") or ""
        login = f"{self.user}:{self.password}" if self.password else self.user
        self.url = f"postgres://{login}@{self.host}:{self.port}/{self.name}"
        self.connection = ["--host", self.host, "--port", self.port, "--username", self.user]
        self.env = dict(os.environ, PGPASSWORD=self.password)

    def create(self):
        # On a cluster initialised under the C locale template1 is SQL_ASCII: the dump restores into it without
        # a complaint, but as bytes (length() of the training's title is 163, not 55; varchar(255) holds 85
        # Thai letters). template0 lets the new database be UTF8 whatever the cluster's default.
        run(["createdb", *self.connection, "--encoding=UTF8", "--template=template0", self.name], env=self.env)

    def drop(self):
        run(["dropdb", *self.connection, "--if-exists", self.name], env=self.env)


def run(command, env=None):
    finished = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, encoding="utf-8", timeout=120, check=False
    )
    assert finished.returncode == 0, (
        f"{' '.join(command)} failed ({finished.returncode}):\n{finished.stdout}\n{finished.stderr}"
    )
    return finished.stdout


@pytest.fixture
def database():
    if missing := [tool for tool in POSTGRES_CLIENT_TOOLS if not shutil.which(tool)]:
        service_missing(f"{', '.join(missing)} not installed (apt-get install postgresql-client)")
    if reason := postgres_missing():
        service_missing(reason)
    throwaway = ThrowawayDatabase()
    throwaway.create()
    try:
        yield throwaway
    finally:
        throwaway.drop()


@pytest.fixture
def site_env(database, tmp_path):
    """The environment of every command the operator runs: the database, and VAR_DIR with media and exports."""
    var_dir = tmp_path / "var"
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.drills.backup_settings",
        DATABASE_URL=database.url,
        PGPASSWORD=database.password,
        VAR_DIR=str(var_dir),
        MEDIA_ROOT=str(var_dir / "media"),
        EXPORT_ROOT=str(var_dir / "exports"),
        CELERY_BROKER_URL="filesystem://",
    )


def manage(env, *arguments):
    return run([sys.executable, "manage.py", *arguments], env=env)


def django_script(env, code):
    # setup_test_environment() lets django.test.Client's host name, "testserver", past ALLOWED_HOSTS.
    prelude = "import django\ndjango.setup()\nfrom django.test import utils\nutils.setup_test_environment()\n"
    return run([sys.executable, "-c", prelude + code], env=env)


def what_the_operator_sees(env):
    return json.loads(django_script(env, WHAT_THE_OPERATOR_SEES).splitlines()[-1])


def test_the_nightly_backup_brings_back_the_whole_site_after_the_database_and_media_are_lost(
    database, site_env, tmp_path
):
    var_dir, media = Path(site_env["VAR_DIR"]), Path(site_env["MEDIA_ROOT"])
    manage(site_env, "migrate", "--noinput")
    manage(site_env, "load_demo")
    django_script(site_env, VISIT_AND_SIGN_UP)
    before = what_the_operator_sees(site_env)
    assert before["volunteers_signups"] == 1 and before["renditions"] > 0 and before["media_on_home"], before

    backups = tmp_path / "backups"
    backups.mkdir()
    day = datetime.date.today().isoformat()
    dump, media_archive = backups / f"portal-{day}.dump", backups / f"media-{day}.tar.gz"
    run(["pg_dump", "--format=custom", "--no-owner", "--dbname", database.url, "--file", str(dump)], env=site_env)
    run(["tar", "-C", str(var_dir), "-czf", str(media_archive), "media"])

    database.drop()
    shutil.rmtree(media)

    database.create()
    run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", database.url, str(dump)], env=site_env)
    run(["tar", "-C", str(var_dir), "-xzf", str(media_archive)])
    manage(site_env, "migrate", "--check")
    after = what_the_operator_sees(site_env)

    for count in ("users", "pages", "signups", "volunteers_signups", "images", "renditions"):
        assert after[count] == before[count], count
    # Tone marks (ข่าย, ด่าน, แม่) and vowels above and below the letters (สังคม, ชุมชน), byte for byte.
    assert after["training_title"].encode() == before["training_title"].encode() == TRAINING["th"]["title"].encode()
    assert after["image_files_missing"] == []
    assert after["home"] == 200 and after["home_shows_training_title"]
    assert after["media_on_home"] == before["media_on_home"]
    assert set(after["media_on_home"].values()) == {200}
    assert after["volunteer_logged_in"]

"""Drill: PostgreSQL restarts (as after a crash) in the middle of a burst of sign-ups.

gunicorn serves the site from a PostgreSQL cluster of our own, filled with a copy of the test
database (volunteers already logged in, an event). Volunteers sign up one after another, a few at
a time; meanwhile the cluster is stopped at once and started again. Every volunteer gets either
the usual redirect to "my events" or the site's own error page (never a bare error), and no
sign-up is half-written: each one saved has its change record and its message in the ledger."""

import http.client
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from portal.events.models import Signup, SignupChange
from portal.notifications.models import Delivery

from .conftest import free_port, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parents[2]
VOLUNTEERS = 30
SITE_ERROR_PAGE = "ขออภัย ระบบขัดข้องชั่วคราว"
CSRF_TOKEN = "drill" * 6 + "ok"  # 32 letters: a well-formed token, sent as cookie and header alike


def _copy_test_database_into(cluster):
    db = connection.settings_dict
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-c", "CREATE DATABASE portal"],
        check=True,
        timeout=30,
    )
    dump = subprocess.run(
        [
            "pg_dump",
            "--no-owner",
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"],
            db["NAME"],
        ],
        check=True,
        capture_output=True,
        timeout=60,
        env=dict(os.environ, PGPASSWORD=db.get("PASSWORD") or ""),
    ).stdout
    subprocess.run(
        [
            "psql",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-d",
            "portal",
        ],
        input=dump,
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def site(own_postgres):
    _copy_test_database_into(own_postgres)
    port = free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.drills.web_settings",
        DATABASE_URL=own_postgres.url("portal"),
        CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0",
    )  # no broker: messages wait in the ledger
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert wait_for_port(port, timeout=30), "gunicorn did not start"
        for _ in range(8):  # every worker thread warmed up, so that the burst is served as it is sent
            assert _get(port, reverse("events:list"))[0] == 200
        yield port
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=20)


def _get(port, path):
    request = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    request.request("GET", path)
    response = request.getresponse()
    answer = response.status, response.read()
    request.close()
    return answer


def _register(port, event, session):
    request = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    request.request(
        "POST",
        reverse("events:register", args=[event.pk]),
        body="",
        headers={
            "Cookie": f"sessionid={session}; csrftoken={CSRF_TOKEN}",
            "X-CSRFToken": CSRF_TOKEN,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = request.getresponse()
    answer = response.status, response.getheader("Location"), response.read().decode(errors="replace")
    request.close()
    return answer


def _rows(cluster, query):
    with psycopg2.connect(cluster.url("portal")) as database, database.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchall()


def test_a_postgres_restart_mid_burst_leaves_no_half_written_sign_up_and_no_bare_error(
    own_postgres, make_event, make_volunteer, request
):
    event = make_event(capacity=10)
    volunteers = [make_volunteer(f"burst-{number:02d}") for number in range(VOLUNTEERS)]
    sessions = {}
    for volunteer in volunteers:
        browser = Client()
        browser.force_login(volunteer)
        sessions[volunteer.pk] = browser.cookies["sessionid"].value
    port = request.getfixturevalue("site")

    outage = {}

    def crash_and_restart():
        time.sleep(0.5)
        own_postgres.crash()
        outage["from"] = time.monotonic()
        time.sleep(1)
        own_postgres.start()
        outage["until"] = time.monotonic()

    restarting = threading.Thread(target=crash_and_restart)
    sent_at = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        restarting.start()
        answers = {}
        for volunteer in volunteers:
            sent_at[volunteer.pk] = time.monotonic()
            answers[volunteer.pk] = pool.submit(_register, port, event, sessions[volunteer.pk])
            time.sleep(0.1)
        answers = {pk: future.result() for pk, future in answers.items()}
    restarting.join()

    mine = reverse("events:mine")
    registered = {pk for pk, (status, location, _) in answers.items() if status == 302 and location == mine}
    failed = {pk for pk, (status, _, body) in answers.items() if status == 500 and SITE_ERROR_PAGE in body}
    assert registered | failed == set(sessions), {pk: answer[:2] for pk, answer in answers.items()}
    assert failed, "the drill sent no sign-up while PostgreSQL was down"
    after_restart = {pk for pk, moment in sent_at.items() if moment > outage["until"] + 0.5}
    assert after_restart and after_restart <= registered, "the site recovers by itself once PostgreSQL is back"

    signed_up = {user for (user,) in _rows(own_postgres, f"SELECT user_id FROM {Signup._meta.db_table}")}
    assert registered <= signed_up, "every 'you are registered' is saved"
    half_written = _rows(
        own_postgres,
        f"""
        SELECT s.id FROM {Signup._meta.db_table} s
        WHERE s.event_id = {event.pk}
          AND NOT EXISTS (SELECT 1 FROM {SignupChange._meta.db_table} c WHERE c.signup_id = s.id
                          AND EXISTS (SELECT 1 FROM {Delivery._meta.db_table} d
                                      WHERE d.subject_id = c.id AND d.recipient_id = s.user_id))""",
    )
    assert half_written == [], "a sign-up without its change record or its message"
    confirmed = _rows(
        own_postgres,
        f"SELECT count(*) FROM {Signup._meta.db_table} WHERE event_id = {event.pk} AND status = 'confirmed'",
    )
    assert confirmed[0][0] <= event.capacity

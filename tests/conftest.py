import io
import os

import pytest

from tests.services import chromium_missing, postgres_missing, redis_missing

# Fixtures shared by folders with no conftest in common, registered once here (pytest allows it only here).
pytest_plugins = [
    "tests.fakes.line_fixtures",  # the fake LINE Platform
    "tests.object_storage",  # an S3 server on the loopback
    "tests.fixtures.volunteers",
    "tests.fixtures.staff",
    "tests.fixtures.events",
    "tests.fixtures.trainings",
    "tests.fixtures.announcements",
    "tests.fixtures.admin_urls",
    "tests.fixtures.access",
]

DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "django_db_blocker"}


def _missing_services(item):
    needs_database = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames)
    # Tests marked sqlite_too also run on SQLite when DATABASE_URL points there (see tests/cms/test_search.py).
    on_sqlite = "sqlite" in os.environ.get("DATABASE_URL", "") and item.get_closest_marker("sqlite_too")
    checks = [
        (needs_database and not on_sqlite, postgres_missing),
        (item.get_closest_marker("redis"), redis_missing),
        (item.get_closest_marker("e2e"), chromium_missing),
    ]
    return [reason for needed, check in checks if needed and (reason := check())]


def _flushes_without_restoring(item):
    marker = item.get_closest_marker("django_db")
    return marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _flushes_without_restoring(item):
        pytest.fail(
            "A transaction=True test empties the database for the tests after it: mark it "
            "@pytest.mark.django_db(transaction=True, serialized_rollback=True)",
            pytrace=False,
        )
    """A test whose service is absent is skipped with the reason, but under CI=true it fails:
    CI must never go green by skipping what it was meant to test."""
    missing = _missing_services(item)
    if not missing:
        return
    reason = "; ".join(missing)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and a required service is missing: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the demo content (load_demo), loaded once per session.
    Tests that flush the database (transaction=True) are marked serialized_rollback=True: the
    snapshot they are restored from is taken here, after the demo is in, so they start from it too."""
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        for connection in connections.all():
            if hasattr(connection, "_test_serialized_contents"):
                snapshot = connection.creation.serialize_db_to_string()
                connection._test_serialized_contents = snapshot
                # Django keeps connections per context, and Playwright's sync API moves the browser
                # tests into a fresh context: the wrapper Django opens there must find the snapshot
                # too, or its flush would leave the tests after it without the demo's page tree.
                type(connection)._test_serialized_contents = snapshot


@pytest.fixture
def demo(db):
    """The demo content, as `make run` has it (already loaded; this only makes sure)."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())

"""One run at a time across every machine, for a periodic task whose two runs at once would each do
the same work (two beats during a fail-over, a message redelivered while its first worker still runs
it): a PostgreSQL advisory lock named after the job. The demo's SQLite runs one worker: no lock."""

import contextlib
import hashlib
import logging

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


def _key(name):
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


@contextlib.contextmanager
def exclusively(name):
    """True inside the block when this run holds the lock for `name`; False when another run has it."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(name)])
        held = cursor.fetchone()[0]
    if not held:
        logger.info("%s is already running elsewhere: this run leaves it to that one", name)
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(name)])
            except DatabaseError:
                # A lock left on a connection that is kept open would stop every later run: drop the connection.
                connection.close()

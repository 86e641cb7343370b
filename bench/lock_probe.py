"""How long each transaction holds an event's row lock, and how many statements it runs under it:
psycopg2 connection and cursor classes that note the moment the event's SELECT ... FOR UPDATE
returns and the moment its COMMIT does, and write one line per transaction to BENCH_LOCK_LOG
("milliseconds statements"). bench/settings.py installs them when BENCH_LOCK_LOG is set."""

import os
import time

import psycopg2.extensions

LOCKS_AN_EVENT = ('FROM "portal_events_event"', "FOR UPDATE")


class ProbedCursor(psycopg2.extensions.cursor):
    def execute(self, query, params=None):
        connection = self.connection
        text = query.decode() if isinstance(query, bytes) else str(query)
        locks = getattr(connection, "locked_at", None) is None and all(part in text for part in LOCKS_AN_EVENT)
        if not locks and getattr(connection, "locked_at", None) is not None:
            connection.statements += 1
        result = super().execute(query, params)
        if locks:
            connection.locked_at, connection.statements = time.perf_counter(), 0
        return result


class ProbedConnection(psycopg2.extensions.connection):
    locked_at = None
    statements = 0

    def cursor(self, *args, **kwargs):
        kwargs.setdefault("cursor_factory", ProbedCursor)
        return super().cursor(*args, **kwargs)

    def commit(self):
        super().commit()
        if self.locked_at is not None:
            held = (time.perf_counter() - self.locked_at) * 1000
            with open(os.environ["BENCH_LOCK_LOG"], "a") as log:
                log.write(f"{held:.3f} {self.statements}\n")
        self.locked_at = None

    def rollback(self):
        super().rollback()
        self.locked_at = None


def read(path):
    """[(milliseconds, statements)] written so far, and empties the log."""
    try:
        with open(path) as log:
            lines = log.read().split()
    except FileNotFoundError:
        return []
    open(path, "w").close()
    return [(float(lines[n]), int(lines[n + 1])) for n in range(0, len(lines), 2)]

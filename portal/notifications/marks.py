"""Marking delivered ledger rows (sending.py) without waiting for each answer.

Each row is marked as soon as its message has gone, before the next message goes, so that a worker
killed mid-batch can repeat at most the one message it was sending. Waiting for PostgreSQL's answer
to each mark cost as much as a third of a message's time, so on PostgreSQL outside a transaction the
marks go over a connection of their own: the UPDATE is sent whole (it has reached the server, which
runs and commits it whether or not the worker lives on) and its answer is read just before the next
mark, while the next message is with the mail server. Inside a transaction (tests, a caller's atomic
block) or on SQLite, the marks are ordinary UPDATEs on Django's connection."""

import select

import psycopg2
import psycopg2.extensions
from django.db import connection

from .models import Delivery


def sent_marks(token):
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return PipelinedMarks(token)
    return ImmediateMarks(token)


class ImmediateMarks:
    def __init__(self, token):
        self._token = token

    def write(self, pk, updates, on_answer):
        on_answer(Delivery.objects.filter(pk=pk, claim_token=self._token).update(**updates))

    def close(self):
        pass


class PipelinedMarks:
    def __init__(self, token):
        self._token = token
        params = connection.get_connection_params()
        for wrapper in ("connection_factory", "cursor_factory"):
            params.pop(wrapper, None)
        self._connection = psycopg2.connect(**params, async_=True)
        self._wait()
        self._cursor = self._connection.cursor()
        self._cursor.execute("SET synchronous_commit TO OFF")  # as sending._fast_commits, and why
        self._wait()
        self._on_answer = None

    def write(self, pk, updates, on_answer):
        self._read_answer()
        fields = [Delivery._meta.get_field(name) for name in updates]
        assignments = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in fields)
        values = [field.get_db_prep_save(updates[field.name], connection) for field in fields]
        table = connection.ops.quote_name(Delivery._meta.db_table)
        claim = connection.ops.quote_name(Delivery._meta.get_field("claim_token").column)
        self._cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE id = %s AND {claim} = %s", [*values, pk, self._token]
        )
        self._on_answer = on_answer
        while self._connection.poll() == psycopg2.extensions.POLL_WRITE:  # all of it on its way
            select.select([], [self._connection], [])

    def close(self):
        try:
            self._read_answer()
        finally:
            self._connection.close()

    def _read_answer(self):
        if self._on_answer is None:
            return
        self._wait()
        on_answer, self._on_answer = self._on_answer, None
        on_answer(self._cursor.rowcount)

    def _wait(self):
        while True:
            state = self._connection.poll()
            if state == psycopg2.extensions.POLL_OK:
                return
            if state == psycopg2.extensions.POLL_READ:
                select.select([self._connection], [], [])
            else:
                select.select([], [self._connection], [])

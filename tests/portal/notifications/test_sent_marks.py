"""Each row is marked sent before the next message goes (portal/notifications/marks.py), also when the
marks go over a connection of their own without waiting for their answers: a worker killed at any
moment repeats at most the one message it was sending."""

import time

import psycopg2
import pytest
from django.db import connection

from portal.notifications import channels, ledger, sending
from portal.notifications.models import Delivery, DeliveryStatus


def _status_seen_from_elsewhere(pk):
    """The row's status as another process sees it, once what reached the server has run (at most 2 s)."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    other = psycopg2.connect(**params)
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            for _attempt in range(40):
                cursor.execute(f"SELECT status FROM {Delivery._meta.db_table} WHERE id = %s", [pk])
                (status,) = cursor.fetchone()
                if status == DeliveryStatus.SENT:
                    return status
                time.sleep(0.05)
            return status
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_message_is_marked_sent_before_the_next_goes(make_volunteer, monkeypatch, mailoutbox):
    monkeypatch.setattr(ledger, "enqueue", lambda ids, countdown=None: None)  # delivered here, not by a worker
    people = [make_volunteer(f"person{number}") for number in range(4)]
    ids = []
    for person in people:
        ids += ledger.notify(person, person, "test", {"subject": "ทดสอบ", "text": "ข้อความ", "html": "<p>ข้อความ</p>"})
    assert len(ids) == 4
    seen_before_sending = []
    send = channels.EmailChannel.send

    def checking_the_previous_row(channel, delivery, address):
        earlier = [pk for pk in ids if pk < delivery.pk]
        if earlier:
            seen_before_sending.append(_status_seen_from_elsewhere(earlier[-1]))
        return send(channel, delivery, address)

    monkeypatch.setattr(channels.EmailChannel, "send", checking_the_previous_row)
    assert not connection.in_atomic_block  # the marks go over a connection of their own
    counts = sending.deliver(ids)

    assert counts == {"sent": 4, "skipped": 0, "retry": 0, "failed": 0}
    assert seen_before_sending == [DeliveryStatus.SENT] * 3
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(mailoutbox) == 4
    assert all(row.sent_at and row.address and row.claim_token is None for row in Delivery.objects.filter(pk__in=ids))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_row_taken_over_by_another_worker_is_not_counted_as_ours(make_volunteer, monkeypatch, mailoutbox):
    monkeypatch.setattr(ledger, "enqueue", lambda ids, countdown=None: None)
    person = make_volunteer("person")
    [pk] = ledger.notify(person, person, "test", {"subject": "ทดสอบ", "text": "ข้อความ", "html": "<p>ข้อความ</p>"})
    send = channels.EmailChannel.send

    def claimed_meanwhile(channel, delivery, address):
        Delivery.objects.filter(pk=delivery.pk).update(claim_token=None)  # as if our claim had lapsed
        return send(channel, delivery, address)

    monkeypatch.setattr(channels.EmailChannel, "send", claimed_meanwhile)
    assert sending.deliver([pk])["sent"] == 0

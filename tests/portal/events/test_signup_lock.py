"""A rush of sign-ups queues on the event's row lock, so what runs under it decides how fast the
500th person is answered: only what decides the seat runs there (issue #17). The SQL is captured
between the event's SELECT ... FOR UPDATE and the COMMIT, as PostgreSQL runs it."""

import pytest
from django.core import mail
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.events import services
from portal.events.models import Event, SignupStatus
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus

# A first sign-up: the seat count, the sign-up, its change, its messages' rows (issue #17: at most 8).
MOST_STATEMENTS_UNDER_THE_LOCK = 4
# What concerns only the person is asked before the lock; none of it may run under it.
ASKED_BEFORE = (
    "portal_accounts_profile",
    "portal_accounts_consentrecord",
    "account_emailaddress",
    "wagtailcore_referenceindex",
    "portal_accounts_privacynotice",
    "portal_accounts_guardianconsent",
)


def _under_the_lock(monkeypatch, operation):
    """The SQL statements run between the event's SELECT ... FOR UPDATE and the COMMIT."""
    commits = []
    wrapper = connections[DEFAULT_DB_ALIAS]
    with CaptureQueriesContext(wrapper) as captured:
        real_commit = wrapper.commit
        monkeypatch.setattr(wrapper, "commit", lambda: (commits.append(len(captured)), real_commit()))
        operation()
    statements = [query["sql"] for query in captured.captured_queries]
    locked = next(n for n, sql in enumerate(statements) if "FOR UPDATE" in sql and '"portal_events_event"' in sql)
    [committed] = commits
    return statements[locked + 1 : committed]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the row lock is PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_under_the_events_lock_a_sign_up_runs_only_what_decides_the_seat(make_event, make_volunteer, monkeypatch):
    event = make_event(capacity=1)
    first, second = make_volunteer("first"), make_volunteer("second")

    for person, status in ((first, SignupStatus.CONFIRMED), (second, SignupStatus.WAITLISTED)):
        signups = []
        statements = _under_the_lock(
            monkeypatch, lambda person=person, signups=signups: signups.append(services.sign_up(person, event))
        )
        assert signups[0].status == status
        listing = "\n".join(statements)
        assert len(statements) <= MOST_STATEMENTS_UNDER_THE_LOCK, listing
        assert not [sql for sql in statements if any(table in sql for table in ASKED_BEFORE)], listing
        assert sum('INSERT INTO "portal_notifications_delivery"' in sql for sql in statements) == 1, listing
        assert not [sql for sql in statements if sql.startswith("SAVEPOINT")], listing
    assert Delivery.objects.filter(recipient=second, kind="signup_waitlisted", channel="email").exists()


@pytest.mark.django_db
def test_the_message_is_composed_when_it_is_sent_and_the_log_keeps_what_went(make_event, make_volunteer):
    event = make_event(capacity=1)
    first, second = make_volunteer("first"), make_volunteer("second")
    services.sign_up(first, event)
    services.sign_up(second, event)
    stored = dict(Delivery.objects.filter(channel="email").values_list("recipient_id", "content"))
    assert "paragraphs" not in stored[second.pk], "recorded with what it is about, not the finished words"
    assert stored[second.pk]["position"] == 1, "with the place in the queue the sign-up gave"

    Event.objects.filter(pk=event.pk).update(title="อบรมอาสาสมัคร รุ่นที่ 2")  # renamed before the worker ran
    ledger.deliver(list(Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)))

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "อบรมอาสาสมัคร รุ่นที่ 2" in subjects[first.email], "says what is true when it leaves"
    sent = Delivery.objects.get(recipient=second, channel="email")
    assert sent.status == DeliveryStatus.SENT
    assert "ลำดับสำรองที่ 1" in " ".join(Delivery.objects.values_list("content", flat=True).get(pk=sent.pk)["paragraphs"])


@pytest.mark.django_db
def test_the_consent_middleware_and_the_sign_up_ask_for_consent_once(client, event, make_volunteer):
    person = make_volunteer("somchai")
    client.force_login(person)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302 and event.signups.get(user=person).status == SignupStatus.CONFIRMED
    asked = [query["sql"] for query in captured.captured_queries if '"portal_accounts_consentrecord"' in query["sql"]]
    assert len(asked) == 1, asked


# The whole request: session, user, consent (the notice in force and the newest answer in one), the event,
# the profile with the e-mail and paper record beside it, an earlier sign-up; then under the lock as above,
# here between the test's SAVEPOINT and RELEASE (issue #17: 19 before the profile was read once and an
# adult's activities not at all, 16 before the consent and the profile were one query each).
MOST_STATEMENTS_OF_A_SIGN_UP = 13


@pytest.mark.django_db
def test_a_sign_up_reads_the_persons_profile_once_and_an_adults_activities_not_at_all(client, event, make_volunteer):
    person = make_volunteer("somchai")
    client.force_login(person)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302 and event.signups.get(user=person).status == SignupStatus.CONFIRMED
    statements = [query["sql"] for query in captured.captured_queries]
    listing = "\n".join(statements)
    assert len(statements) <= MOST_STATEMENTS_OF_A_SIGN_UP, listing
    assert sum('FROM "portal_accounts_profile"' in sql for sql in statements) == 1, listing
    assert sum('"portal_accounts_privacynotice"' in sql for sql in statements) == 1, listing
    own_queries = ('SELECT 1 AS "a" FROM "account_emailaddress"', 'SELECT "portal_accounts_paperrecord"')
    assert not [sql for sql in statements if sql.startswith(own_queries)], "asked with the profile: " + listing
    assert not [sql for sql in statements if 'FROM "portal_events_activity"' in sql], listing

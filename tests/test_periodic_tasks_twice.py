"""Worker and beat on several machines: each periodic task that beat sends may run twice at the same
moment (two beats in a fail-over, a message redelivered while its first worker still runs it). Here
every task in the beat schedule runs twice concurrently, in two threads with their own PostgreSQL
connections, started together; what a person or an operator would notice happens once, and neither
run fails."""

import datetime
import threading

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from wagtail.models import PageLogEntry

from cms.models import AnnouncementIndexPage, AnnouncementPage
from cms.tasks import publish_scheduled_pages
from config.celery import app
from portal.accounts.tasks import forget_ended_sessions, remove_unverified_accounts
from portal.events import services
from portal.events.models import Event
from portal.events.tasks import queue_due_reminders
from portal.exports.models import ExportJob, ExportStatus
from portal.exports.tasks import delete_expired_exports
from portal.notifications import ledger
from portal.notifications.models import Delivery, DeliveryStatus
from portal.notifications.tasks import dispatch_due, forget_old_deliveries

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def twice_at_once(task, *args, **kwargs):
    """Run `task` in two threads released together; [their results], or the first error raised."""
    barrier = threading.Barrier(2)
    results, errors = [None, None], []

    def run(slot):
        try:
            barrier.wait(timeout=10)
            results[slot] = task(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def enqueued(monkeypatch):
    """What the ledger hands the broker, kept here: [ids of one deliver task, ...]."""
    batches = []
    monkeypatch.setattr(ledger, "enqueue", lambda ids, countdown=None: batches.append(list(ids)))
    return batches


def test_every_periodic_task_is_covered_here():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    covered = {
        task.name
        for task in (
            publish_scheduled_pages,
            remove_unverified_accounts,
            forget_ended_sessions,
            delete_expired_exports,
            dispatch_due,
            forget_old_deliveries,
        )
    } | {"portal.events.tasks.queue_due_reminders"}
    assert scheduled == covered


def test_a_scheduled_page_is_published_once(demo):
    index = AnnouncementIndexPage.objects.get(locale__language_code="th")
    page = index.add_child(instance=AnnouncementPage(title="ประกาศตั้งเวลา", summary="ตั้งเวลาไว้", live=False))
    moment = timezone.now() - datetime.timedelta(seconds=5)
    page.go_live_at = moment
    revision = page.save_revision()
    revision.approved_go_live_at = moment
    revision.save()

    twice_at_once(publish_scheduled_pages)

    assert AnnouncementPage.objects.get(pk=page.pk).live
    published = PageLogEntry.objects.filter(page=page, action__startswith="wagtail.publish")
    assert published.count() == 1, [entry.action for entry in published]


def test_an_old_unconfirmed_account_is_removed_once(make_volunteer):
    old = timezone.now() - datetime.timedelta(days=settings.ACCOUNT_UNVERIFIED_RETENTION_DAYS + 1)
    users = [make_volunteer(f"unconfirmed{n}", verified=False) for n in range(3)]
    for user in users:
        type(user).objects.filter(pk=user.pk).update(date_joined=old)

    results = twice_at_once(remove_unverified_accounts)

    assert sum(results) == 3, results
    assert not type(users[0]).objects.filter(pk__in=[user.pk for user in users]).exists()


def test_ended_sessions_are_forgotten_once_without_an_error(make_volunteer):
    person = make_volunteer("somchai")
    ended = timezone.now() - datetime.timedelta(days=1)
    for number in range(3):
        Session.objects.create(session_key=f"ended-{number}", session_data="", expire_date=ended)
        UserSession.objects.create(
            user=person, session_key=f"ended-{number}", ip="203.0.113.7", user_agent="Mozilla/5.0"
        )

    results = twice_at_once(forget_ended_sessions)

    assert sum(results) == 3, results
    assert not Session.objects.filter(session_key__startswith="ended-").exists()
    assert not UserSession.objects.filter(user=person).exists()


def test_an_expired_export_file_is_deleted_once_without_an_error(make_volunteer, settings, tmp_path):
    settings.EXPORT_ROOT = tmp_path
    owner = make_volunteer("coordinator-of-exports")
    jobs = []
    for number in range(3):
        job = ExportJob.objects.create(
            requested_by=owner,
            file_format="csv",
            language="th",
            status=ExportStatus.READY,
            expires_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        job.file.save(f"signups-{number}.csv", ContentFile("\ufeffชื่อ\n".encode()), save=True)
        jobs.append(job)

    results = twice_at_once(delete_expired_exports)

    assert sum(results) == 3, results
    assert set(ExportJob.objects.values_list("status", flat=True)) == {ExportStatus.EXPIRED}
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def _deliver_every_batch_at_once(batches):
    """The deliver tasks that were enqueued, run as two workers would: each batch on one of them, together."""
    halves = [[ids for ids in batches[0::2]], [ids for ids in batches[1::2]]]
    results = twice_at_once(lambda: [ledger.deliver(ids) for ids in halves.pop()])
    return results


def test_a_due_reminder_is_recorded_and_sent_once(event, make_volunteer, enqueued):
    somchai = make_volunteer("somchai")
    signup = services.sign_up(somchai, event)
    ledger.deliver(list(Delivery.objects.filter(recipient=somchai).values_list("pk", flat=True)))  # the confirmation
    Event.objects.filter(pk=event.pk).update(
        reminder_schedule="1d", starts_at=timezone.now() + datetime.timedelta(hours=2)
    )
    type(signup).objects.filter(pk=signup.pk).update(status_changed_at=timezone.now() - datetime.timedelta(days=3))
    mail.outbox.clear()
    enqueued.clear()

    results = twice_at_once(queue_due_reminders)

    assert sum(results) >= 1
    reminders = Delivery.objects.filter(recipient=somchai, kind="reminder")
    assert reminders.count() == 1, "one ledger row, whichever run wrote it"
    _deliver_every_batch_at_once(enqueued * 2)
    assert [message.to for message in mail.outbox] == [[somchai.email]]
    assert reminders.get().status == DeliveryStatus.SENT


def test_a_message_the_sweep_finds_due_is_sent_once(event, make_volunteer, enqueued):
    people = [make_volunteer(f"waiting{n}") for n in range(4)]
    for person in people:
        services.sign_up(person, event)
    theirs = Delivery.objects.filter(recipient__in=people)
    theirs.update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))  # the broker was down
    enqueued.clear()

    twice_at_once(dispatch_due)

    assert enqueued, "the sweep handed them to the workers"
    _deliver_every_batch_at_once(enqueued)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert set(theirs.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_old_deliveries_are_forgotten_once(event, make_volunteer, settings):
    somsak = make_volunteer("somsak")
    services.sign_up(somsak, event)
    theirs = Delivery.objects.filter(recipient=somsak)
    ledger.deliver(list(theirs.values_list("pk", flat=True)))
    theirs.update(created_at=timezone.now() - datetime.timedelta(days=settings.DELIVERY_LOG_RETENTION_DAYS + 1))

    results = twice_at_once(forget_old_deliveries)

    assert sum(results) == 1, results
    assert list(theirs.values_list("address", "content", "status")) == [("", {}, DeliveryStatus.SENT)]

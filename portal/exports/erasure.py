"""Erasing a person (portal.accounts.services.erase_account) deletes every export file that may
hold them: the ready ones whose events the person signed up for at all, and those being written,
which are written again once the person is anonymised. The job stays, marked as deleted, so the
coordinator who asked for it sees why and can export again."""

from functools import partial

from django.db import transaction
from django.dispatch import receiver

from portal.accounts.signals import erasing_person
from portal.events.models import Signup

from .models import ExportJob, ExportStatus


def _delete_files(names):
    storage = ExportJob._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


@receiver(erasing_person, dispatch_uid="exports.delete_files_holding_the_person")
def delete_files_holding_the_person(sender, user, **kwargs):
    """Also the files the person asked for, if they were staff: nobody can download those any more."""
    events = set(Signup.objects.filter(user=user).values_list("event_id", flat=True))
    jobs = ExportJob.objects.select_for_update().filter(
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING, ExportStatus.READY]
    )
    if not events:
        jobs = jobs.filter(requested_by=user)  # in no sign-up list
    removed = []
    for job in jobs:
        own = job.requested_by_id == user.pk
        if not own and job.status != ExportStatus.READY:
            job.erased_while_building = True
            job.save(update_fields=["erased_while_building"])
        elif own or job.event_ids is None or events & set(job.event_ids):  # a task still writing one stops
            removed.append(job.file.name)
            job.status, job.file = ExportStatus.REMOVED, ""
            job.save(update_fields=["status", "file"])
    # The files go once the erasure is committed; rolled back, the jobs keep them.
    transaction.on_commit(partial(_delete_files, [name for name in removed if name]))

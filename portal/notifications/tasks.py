"""Celery tasks of the ledger. acks_late is on (config/celery.py) and both tasks are idempotent:
a task that a killed worker never acknowledged runs again and sends nothing twice."""

from celery import shared_task

from config.health import record_background_heartbeat

from . import ledger


@shared_task(name="portal.notifications.tasks.deliver", ignore_result=True)
def deliver(delivery_ids):
    return ledger.deliver(delivery_ids)


@shared_task(name="portal.notifications.tasks.dispatch_due", ignore_result=True)
def dispatch_due():
    dispatched = ledger.dispatch_due()
    record_background_heartbeat()
    return dispatched


@shared_task(name="portal.notifications.tasks.forget_old_deliveries", ignore_result=True)
def forget_old_deliveries():
    return ledger.forget_old_deliveries()

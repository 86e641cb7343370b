"""Celery tasks of the ledger and the LINE webhook. acks_late is on (config/celery.py) and every task
is idempotent: a task that a killed worker never acknowledged runs again and sends nothing twice."""

from celery import shared_task

from config.health import record_background_heartbeat

from . import ledger, line_webhook


@shared_task(name="portal.notifications.tasks.deliver", ignore_result=True)
def deliver(delivery_ids):
    return ledger.deliver(delivery_ids)


@shared_task(name="portal.notifications.tasks.dispatch_due", ignore_result=True)
def dispatch_due():
    dispatched = ledger.dispatch_due()
    line_webhook.dispatch_pending()
    record_background_heartbeat()
    return dispatched


@shared_task(name="portal.notifications.tasks.forget_old_deliveries", ignore_result=True)
def forget_old_deliveries():
    line_webhook.forget_old_events()
    return ledger.forget_old_deliveries()


@shared_task(name="portal.notifications.tasks.handle_line_events", ignore_result=True)
def handle_line_events(event_ids):
    return line_webhook.handle(event_ids)

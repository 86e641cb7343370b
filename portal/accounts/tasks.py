from celery import shared_task

from . import services


@shared_task
def remove_unverified_accounts():
    return services.remove_unverified_accounts()


@shared_task
def forget_ended_sessions():
    return services.forget_ended_sessions()

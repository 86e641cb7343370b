from celery import shared_task

from config.locks import exclusively

from . import services


@shared_task
def remove_unverified_accounts():
    """One run at a time: two at once would each delete (and count) the same accounts."""
    with exclusively("portal.accounts.tasks.remove_unverified_accounts") as mine:
        return services.remove_unverified_accounts() if mine else 0


@shared_task
def forget_ended_sessions():
    return services.forget_ended_sessions()

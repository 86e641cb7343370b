from celery import shared_task
from django.core.management import call_command

from config.locks import exclusively


@shared_task(ignore_result=True)
def publish_scheduled_pages():
    """Beat runs this every minute, so scheduled posts go live without cron; one run at a time, or two
    runs at once would each publish the same page (and log it twice)."""
    with exclusively("cms.tasks.publish_scheduled_pages") as mine:
        if mine:
            call_command("publish_scheduled", verbosity=0)

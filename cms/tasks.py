from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def publish_scheduled_pages():
    """Beat runs this every minute, so scheduled posts go live without cron."""
    call_command("publish_scheduled", verbosity=0)

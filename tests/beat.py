"""When beat sends a task, found as beat finds it: asking the task's schedule, a minute at a time."""

import copy
import datetime

from config.celery import app

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


def beat_sends(task, start, days):
    """The moments in the `days` after `start` (an aware datetime) at which beat sends `task`."""
    [entry] = [entry for entry in app.conf.beat_schedule.values() if entry["task"] == task]
    sent, last_run, moment = [], start, start
    while moment < start + datetime.timedelta(days=days):
        moment += datetime.timedelta(minutes=1)
        schedule = copy.copy(entry["schedule"])
        schedule.nowfun = lambda moment=moment: moment
        if schedule.is_due(last_run).is_due:
            sent.append(moment)
            last_run = moment
    return sent


def nightly_at(hour, minute, start, days):
    """The same moment of each night after `start`, Bangkok time."""
    first = start.astimezone(BANGKOK).replace(hour=hour, minute=minute, second=0, microsecond=0)
    if first <= start:
        first += datetime.timedelta(days=1)
    return [first + datetime.timedelta(days=n) for n in range(days)]

"""Drill: beat started on two machines sharing one Redis. Only one sends the schedule; the other waits
for the lock (celery-redbeat). Killed without a word, the first lets the second take over within the
lock's timeout; nothing is sent twice as often meanwhile. Beat keeps its schedule state in Redis:
no file is written where it runs, /tmp or elsewhere."""

import time

import pytest
import redis

from tests.drills.machines import beat, machine_environment
from tests.portal.notifications.test_worker import wait_until
from tests.portal.notifications.workers import database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TICK = "drill.tick"  # sent every second by the drill's schedule; no worker runs it, the queue counts it


def test_a_second_beat_waits_and_takes_over_when_the_first_dies(own_redis):
    environment = machine_environment(database_url(), own_redis, DRILL_BEAT_TICK=TICK)
    queue = redis.Redis.from_url(own_redis.url)
    beats = [beat("beat-a", environment), beat("beat-b", environment)]  # started together, as after a deploy
    try:

        def holder():
            return next((machine for machine in beats if machine.said("beat: Acquired lock")), None)

        assert wait_until(lambda: holder() and all(machine.said("beat: Starting") for machine in beats), timeout=60), (
            "\n".join(machine.log() for machine in beats)
        )
        first = holder()
        [second] = [machine for machine in beats if machine is not first]
        time.sleep(1)
        before = queue.llen("celery")
        time.sleep(4)
        sent = queue.llen("celery") - before
        assert 3 <= sent <= 5, f"{sent} ticks in 4 s: one beat sends one a second"
        assert not second.said("beat: Acquired lock"), second.log()

        first.kill()
        assert wait_until(lambda: second.said("beat: Acquired lock"), timeout=20), second.log()
        before = queue.llen("celery")
        time.sleep(3)
        assert queue.llen("celery") - before >= 2, "the second beat sends the schedule now"
        assert queue.keys("redbeat:*"), "the schedule state is in Redis"
        for machine in beats:
            assert not list(machine.folder.rglob("*schedule*")), f"{machine.name} wrote a schedule file"
    finally:
        for machine in beats:
            machine.stop()

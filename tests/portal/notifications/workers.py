"""A real `celery -A config worker` subprocess on Redis and the test database, for the tests that
kill one (test_worker_killed.py) or need the whole path (test_line_worker.py); its settings are
worker_settings.py, its environment the `worker_env` fixture (conftest.py)."""

from django.db import connection

from tests.drills.machines import WORKER_COMMAND, Machine


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker(Machine):
    """A solo-pool worker in a folder of its own."""

    def __init__(self, env):
        super().__init__("worker", WORKER_COMMAND, env)

    def ready(self):
        return self.said(" ready.")

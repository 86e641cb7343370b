import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

# A gthread worker's thread that gets PostgreSQL's answer while it holds an event's row lock (a sign-up)
# waits for the GIL until the running thread lets go: up to 5 ms by default, after every statement, with
# everyone else queued on the lock. 0.5 ms keeps the lock short (issue #17, docs/benchmarks.md).
sys.setswitchinterval(float(os.environ.get("PYTHON_SWITCH_INTERVAL", "0.0005")))

application = get_wsgi_application()

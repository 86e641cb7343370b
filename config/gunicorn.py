"""gunicorn's settings for the web service (`gunicorn config.wsgi:application --config python:config.gunicorn`):
how many worker processes and threads each machine runs comes from the environment, sized to it."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Processes: about two per CPU core. Threads per process: more than one (gthread) helps while requests wait
# on the database or Redis; each thread keeps its own database connection (docs/scaling.md).
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer than this is cut off and its worker replaced (a PDF of 1,000 rows takes ~5 s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"

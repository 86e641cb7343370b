# The production image: the same code as `make run`, served by gunicorn, with WeasyPrint's libraries and
# the Thai font (Sarabun, from the fontpkg-sarabun package) registered with fontconfig. Only the runtime
# lock is installed: no test tool ships (requirements-dev.lock is for development and CI).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig libicu72 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal

WORKDIR /app
COPY requirements.lock .
# PyICU has no wheel: it builds against ICU's headers, which leave the image once it is built.
RUN apt-get update && apt-get install -y --no-install-recommends libicu-dev pkg-config g++ \
    && pip install -r requirements.lock \
    && apt-get purge -y --auto-remove libicu-dev pkg-config g++ && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /usr/share/fonts/truetype/sarabun \
    && cp "$(python -c 'import fontpkg; print(fontpkg.path("Sarabun").parent)')"/*.ttf /usr/share/fonts/truetype/sarabun/ \
    && fc-cache -f

# .dockerignore keeps the repository's history, virtualenvs, node_modules, var/ (the demo's database and
# mail, personal data), the tests' artefacts and local .env files out of the image.
COPY . .
# collectstatic needs settings to import, not real services: throwaway values for this step only.
RUN SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    CELERY_BROKER_URL=redis://localhost:6379/1 EMAIL_URL=smtp://localhost:25 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/exports && chown -R portal:portal /app/var

# The code stays root's, read-only to the site; it runs as an ordinary user and writes only under var/.
USER portal
EXPOSE 8000
# Liveness: the process answers. Readiness, for a load balancer, is /healthz/ready (docs/operations.md).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/live', timeout=4)"]
CMD ["gunicorn", "config.wsgi:application", "--config", "python:config.gunicorn"]

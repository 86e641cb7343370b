# The production image: the same code as `make run`, served by gunicorn, with WeasyPrint's
# libraries and the Thai font (Sarabun, from the fontpkg-sarabun package) registered with fontconfig.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal

WORKDIR /app
COPY requirements.lock .
RUN pip install -r requirements.lock \
    && mkdir -p /usr/share/fonts/truetype/sarabun \
    && cp "$(python -c 'import fontpkg; print(fontpkg.path("Sarabun").parent)')"/*.ttf /usr/share/fonts/truetype/sarabun/ \
    && fc-cache -f

COPY --chown=portal:portal . .
# collectstatic needs settings to import, not real secrets: throwaway values for this step only.
RUN SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/exports && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

# syntax=docker/dockerfile:1
# The ASTRA networks portal: gunicorn serving Django, static files included.

# --- build: dependencies, compiled translations, collected static files -----------------
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# gettext for compilemessages; nothing else is compiled (psycopg ships binary wheels).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN python -m venv /venv
ENV PATH="/venv/bin:$PATH"
COPY pyproject.toml README.md ./
# pip 25.1 is the first to install a [dependency-groups] group; the group's versions are
# bounded in pyproject.toml, which hadolint does not read.
# hadolint ignore=DL3013
RUN pip install "pip==26.3" && pip install --group base

COPY . .
# A throwaway key and host: the settings refuse to load without them, and nothing here
# signs anything. The real ones come from the environment at run time.
RUN DJANGO_SECRET_KEY=build-only-not-secret DJANGO_ALLOWED_HOSTS=build \
        python manage.py compilemessages --verbosity 0 \
    && DJANGO_SECRET_KEY=build-only-not-secret DJANGO_ALLOWED_HOSTS=build \
        python manage.py collectstatic --no-input --verbosity 0

# --- runtime: the virtual environment and the application, run as a plain user --------
FROM python:3.11-slim AS runtime

ENV PATH="/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=8000 \
    DJANGO_MEDIA_ROOT=/data/media \
    TRANSLATIONS_DIR=/data/media/translations

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin astra \
    && mkdir -p /data/media \
    && chown astra /data/media

COPY --from=build /venv /venv
COPY --from=build --chown=root:root /app /app
WORKDIR /app
USER 10001

EXPOSE 8000
# Uploaded logos and the interface catalogues saved on the translation screen (bin/start
# merges the image's catalogues into them): shared by every copy, kept across redeploys.
VOLUME ["/data/media"]
# No curl in the slim image: Python asks /healthz (which needs no database).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]

CMD ["bin/start"]

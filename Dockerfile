# Production image: multi-stage, non-root, installs the project the same way the
# Makefile does (the locked versions, checked against their hashes), serves with gunicorn.
#
# Starting a container never migrates the database (several replicas starting at once
# would race). Migrate once per release, before the new containers start:
#   docker run --rm --env-file prod.env IMAGE python manage.py migrate --no-input
FROM python:3.13-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv /venv
COPY requirements.lock pyproject.toml README.md ./
RUN /venv/bin/pip install --require-hashes -r requirements.lock \
 && /venv/bin/pip install --no-deps --no-build-isolation .
COPY . .
RUN /venv/bin/python manage.py compilemessages --ignore=.venv -v 0 \
 && DJANGO_PRODUCTION=1 DJANGO_SECRET_KEY=build-only-not-secret-000000000000000000000000000000 \
    DJANGO_ALLOWED_HOSTS=build /venv/bin/python manage.py collectstatic --no-input -v 0

FROM python:3.13-slim-bookworm
# WeasyPrint's libraries and libthai (its dictionary breaks Thai lines at word boundaries).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      libfontconfig1 libthai0 libthai-data curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 app
COPY --from=build /venv /venv
COPY --from=build --chown=app:app /app /app
WORKDIR /app
USER app
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 DJANGO_PRODUCTION=1 PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS -H "Host: localhost" -H "X-Forwarded-Proto: https" "http://127.0.0.1:${PORT}/healthz" || exit 1
# Threaded workers and their timeout are in config/gunicorn.py (PORT, WEB_CONCURRENCY,
# GUNICORN_THREADS and GUNICORN_TIMEOUT tune them); tests/test_serving.py serves the
# app with this very command under load.
CMD ["gunicorn", "config.wsgi:application", "-c", "config/gunicorn.py"]

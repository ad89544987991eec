# The production image. The same image runs daphne (app), the task worker, the scheduler and the
# migrations; docker-compose.yml shows how. Build: docker build -t municipal-intranet .
# Every install and build step is a script the tests run too (tests/packaging): scripts/build_wheel.py
# and scripts/install.sh. Nothing here reads pyproject.toml by hand.

# --- Stage 1: the wheel, with the translations compiled (GNU gettext) ---------------------------
FROM python:3.11-slim-bookworm AS wheel
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN python scripts/build_wheel.py --out /dist

# --- Stage 2: the image --------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=intranet.settings \
    INTRANET_ENV=production \
    INTRANET_VAR_DIR=/var/lib/intranet \
    MEDIA_ROOT=/var/lib/intranet/media \
    PRIVATE_MEDIA_ROOT=/var/lib/intranet/private

# libvoikko1 + voikko-fi lemmatise Finnish for search; postgresql-client gives `intranet backup` its
# pg_dump and pg_restore (Debian bookworm's 15: the compose database is 15 too, since pg_dump refuses
# a newer server).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libvoikko1 voikko-fi postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system intranet \
    && useradd --system --gid intranet --home-dir /nonexistent --shell /usr/sbin/nologin intranet

# Dependencies first, in their own layer: a code change does not reinstall them. Exact versions with
# their hashes from requirements.lock (`make lock`); pip refuses anything else.
COPY requirements.lock scripts/install.sh /opt/intranet/
RUN /opt/intranet/install.sh dependencies /opt/intranet/requirements.lock

COPY --from=wheel /dist/ /tmp/dist/
RUN /opt/intranet/install.sh project /tmp/dist/*.whl && rm -rf /tmp/dist

# Static files are built into the image, so every replica serves the same ones (whitenoise).
RUN /opt/intranet/install.sh static \
    && mkdir -p /var/lib/intranet/media /var/lib/intranet/private \
    && chown -R intranet:intranet /var/lib/intranet/media /var/lib/intranet/private

USER intranet
WORKDIR /var/lib/intranet
EXPOSE 8000

# --proxy-headers: the client address and scheme come from the proxy in front (deploy/nginx).
CMD ["daphne", "--bind", "0.0.0.0", "--port", "8000", "--proxy-headers", "intranet.asgi:application"]

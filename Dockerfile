# The production image. The same image runs daphne (app), the task worker and the migrations;
# docker-compose.yml shows how. Build: docker build -t municipal-intranet .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=intranet.settings \
    INTRANET_ENV=production \
    INTRANET_VAR_DIR=/var/lib/intranet \
    MEDIA_ROOT=/var/lib/intranet/media

# gettext compiles the translations; libvoikko1 + voikko-fi lemmatise Finnish for search.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libvoikko1 voikko-fi \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system intranet \
    && useradd --system --gid intranet --home-dir /nonexistent --shell /usr/sbin/nologin intranet

WORKDIR /app

# Dependencies first, in their own layer: a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print('\n'.join(p['dependencies'] + p['optional-dependencies']['voikko']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-deps -e .

# Static files and translations are built into the image, so every replica serves the same ones.
# SECRET_KEY here only lets the settings load; it signs nothing and is not kept in the image.
RUN if find . -path '*/locale/*' -name '*.po' | grep -q .; then \
        SECRET_KEY=build-only python manage.py compilemessages; \
    fi \
    && SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && mkdir -p /var/lib/intranet/media \
    && chown -R intranet:intranet /var/lib/intranet

USER intranet
EXPOSE 8000

# --proxy-headers: the client address and scheme come from the TLS proxy in front (docs/deploy.md).
CMD ["daphne", "--bind", "0.0.0.0", "--port", "8000", "--proxy-headers", "intranet.asgi:application"]

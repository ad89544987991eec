"""Before serving: can this process reach what it needs? One line per problem, never a password.

The variables themselves were checked when the settings loaded (intranet/ops/production_config.py);
this asks the services: the database (and, with --migrated, that every migration is applied), Redis,
and Elasticsearch with the configured credentials.
"""

import logging
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

TIMEOUT_SECONDS = 5


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def database(migrated: bool) -> list[str]:
    where = f"{connection.settings_dict.get('HOST') or 'localhost'}:{connection.settings_dict.get('PORT') or 5432}"
    if connection.vendor == "sqlite":
        where = str(connection.settings_dict["NAME"])
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else error.__class__.__name__
        return [f"Database at {where} does not answer: {reason}"]
    if migrated:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return [
                f"Database at {where} lacks {len(pending)} migration(s) of this release: run `manage.py migrate` first"
            ]
    return []


def redis_server() -> list[str]:
    if not settings.REDIS_URL:
        return []
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except redis.AuthenticationError:
        return [f"Redis at {_where(settings.REDIS_URL)} refused the password in REDIS_URL"]
    except redis.RedisError as error:
        return [f"Redis at {_where(settings.REDIS_URL)} does not answer: {error.__class__.__name__}"]
    finally:
        client.close()
    return []


def elasticsearch() -> list[str]:
    if settings.SEARCH_BACKEND != "elasticsearch" or not settings.ELASTICSEARCH_URL:
        return []
    import elastic_transport
    import elasticsearch as es

    url = settings.ELASTICSEARCH_URL
    options = {**settings.ELASTICSEARCH_OPTIONS, "request_timeout": TIMEOUT_SECONDS, "max_retries": 0}
    client = es.Elasticsearch(url, **{key: value for key, value in options.items() if value is not None})
    transport_log = logging.getLogger("elastic_transport")
    level = transport_log.level
    transport_log.setLevel(logging.CRITICAL)  # its retry tracebacks are not the operator's one line
    try:
        # An index request, not GET /: a user limited to the intranet's indices may make it.
        client.indices.exists(index=f"{settings.SEARCH_INDEX_PREFIX}-people")
    except es.AuthenticationException:
        return [f"Elasticsearch at {_where(url)} refused the credentials in ELASTICSEARCH_URL"]
    except es.AuthorizationException:
        return [f"Elasticsearch at {_where(url)} accepted the user in ELASTICSEARCH_URL but refused it access"]
    except (elastic_transport.TransportError, es.ApiError) as error:
        return [f"Elasticsearch at {_where(url)} does not answer: {error.__class__.__name__}"]
    finally:
        transport_log.setLevel(level)
        client.close()
    return []


def problems(migrated: bool = False) -> list[str]:
    return database(migrated) + redis_server() + elasticsearch()

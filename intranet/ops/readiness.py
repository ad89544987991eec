"""What a process needs to serve: the database answers with every migration applied, Redis answers.

Elasticsearch is reported but does not make a process unready: search answers from the database
while it is away, and taking every process out of the load balancer would take the whole site down.
"""

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from search.backends import search_status

UP, DEGRADED, DOWN = "up", "degraded", "down"

# Once every migration is applied, this process's code cannot fall behind the schema: remember it
# instead of reading every migration file on each probe.
_migrated = False


def database_report() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {"status": "unavailable", "error": error.__class__.__name__}
    return {"status": "ok"}


def migrations_report() -> dict:
    global _migrated
    if _migrated:
        return {"status": "ok"}
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return {"status": "unavailable", "error": error.__class__.__name__}
    if pending:
        return {"status": "pending", "pending": len(pending)}
    _migrated = True
    return {"status": "ok"}


def redis_report() -> dict:
    if not settings.REDIS_URL:
        return {"status": "not configured"}
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        return {"status": "unavailable", "error": error.__class__.__name__}
    finally:
        client.close()
    return {"status": "ok"}


def report() -> dict:
    components = {"database": database_report()}
    components["migrations"] = (
        migrations_report() if components["database"]["status"] == "ok" else {"status": "unknown"}
    )
    components["redis"] = redis_report()
    components["search"] = search_status()
    required = (components["database"], components["migrations"], components["redis"])
    if any(part["status"] not in ("ok", "not configured") for part in required):
        status = DOWN
    elif components["search"].get("status") != "ok":
        status = DEGRADED
    else:
        status = UP
    return {"status": status, **components}

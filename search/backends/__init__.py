"""Search backends behind one interface; settings.SEARCH_BACKEND chooses which serves."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from search.backends.base import BackendUnavailable, PeopleResults, PersonHit, SearchBackend
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend

__all__ = [
    "BackendUnavailable",
    "PeopleResults",
    "PersonHit",
    "SearchBackend",
    "database_backend",
    "elasticsearch_configured",
    "get_backend",
    "search_status",
]

BACKEND_NAMES = ("elasticsearch", "database")


def database_backend() -> SearchBackend:
    return DatabaseBackend()


def elasticsearch_configured() -> bool:
    return settings.SEARCH_BACKEND == "elasticsearch"


def get_backend() -> SearchBackend:
    name = settings.SEARCH_BACKEND
    if name not in BACKEND_NAMES:
        raise ImproperlyConfigured(f"SEARCH_BACKEND must be one of {', '.join(BACKEND_NAMES)}, not {name!r}")
    if name == "elasticsearch":
        if not settings.ELASTICSEARCH_URL:
            raise ImproperlyConfigured("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL.")
        return ElasticsearchBackend()
    return database_backend()


def search_status() -> dict:
    """For the health check: which backend serves and whether it answers. Never raises."""
    try:
        backend = get_backend()
    except ImproperlyConfigured as error:
        return {"backend": settings.SEARCH_BACKEND, "status": "misconfigured", "error": str(error)}
    report = backend.status()
    if backend.name != "database":
        # The database index is kept up to date as the fallback.
        report["fallback"] = database_backend().status()
    return report

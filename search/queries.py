"""Searching people: the one read path views, the API and commands use.

Visibility comes from search.visibility; when Elasticsearch cannot answer, the
database index (always kept up to date) answers instead.
"""

import logging

from search.backends import BackendUnavailable, PeopleResults, database_backend, get_backend
from search.visibility import SYSTEM, Audience, audience_for

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 10
MAX_LIMIT = 100


def search_people_as(audience: Audience, query: str, limit: int = DEFAULT_LIMIT) -> PeopleResults:
    limit = max(1, min(int(limit), MAX_LIMIT))
    backend = get_backend()
    try:
        return backend.search_people(query, audience=audience, limit=limit)
    except BackendUnavailable as error:
        if backend.name == "database":
            raise
        logger.warning("Search backend %s unavailable, answering from the database: %s", backend.name, error)
        return database_backend().search_people(query, audience=audience, limit=limit)


def search_people(user, query: str, limit: int = DEFAULT_LIMIT) -> PeopleResults:
    """People the user may see, best first, each with the reasons it was found."""
    return search_people_as(audience_for(user), query, limit)


def search_people_as_operator(query: str, limit: int = DEFAULT_LIMIT) -> PeopleResults:
    """Every active user may be found: for management commands run by an operator."""
    return search_people_as(SYSTEM, query, limit)

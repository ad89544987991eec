"""Searching people: the one read path views, the API and commands use.

Visibility comes from search.visibility; when Elasticsearch cannot answer, the
database index (always kept up to date) answers instead.
"""

import logging

from core.metrics import SEARCH_FALLBACKS
from people.queries import findable_profiles
from search.backends import BackendUnavailable, PeopleResults, database_backend, get_backend
from search.filters import NONE, Filters, unknown_values
from search.visibility import SYSTEM, Audience, audience_for

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 10
MAX_LIMIT = 100


def search_people_as(
    audience: Audience, query: str, limit: int = DEFAULT_LIMIT, filters: Filters = NONE
) -> PeopleResults:
    limit = max(1, min(int(limit), MAX_LIMIT))
    backend = get_backend()
    problems = unknown_values(filters)
    if problems:
        return PeopleResults([], backend.name, 0.0, 0, message=" ".join(problems))
    try:
        return backend.search_people(query, audience=audience, limit=limit, filters=filters)
    except BackendUnavailable as error:
        if backend.name == "database":
            raise
        logger.warning("Search backend %s unavailable, answering from the database: %s", backend.name, error)
        SEARCH_FALLBACKS.labels("people").inc()
        return database_backend().search_people(query, audience=audience, limit=limit, filters=filters)


def _findable_keys(user, keys) -> set[str]:
    """Of these profile keys, those the user may find now (people.queries, read from the database)."""

    return set(findable_profiles(user).filter(key__in=list(keys)).values_list("key", flat=True))


def search_people(user, query: str, limit: int = DEFAULT_LIMIT, filters: Filters = NONE) -> PeopleResults:
    """People the user may see (and the filters allow), best first, each with the reasons it was found.
    The index is not trusted alone: a person the user may not find now (a shared group left by a bare
    update or delete, not yet re-indexed) is dropped from the hits."""
    results = search_people_as(audience_for(user), query, limit, filters)
    if results.hits:
        allowed = _findable_keys(user, [hit.key for hit in results.hits])
        kept = [hit for hit in results.hits if hit.key in allowed]
        results.total -= len(results.hits) - len(kept)
        results.hits = kept
    return results


def expert_candidates(user, text: str, limit: int) -> list[tuple[str, list[str]]]:
    """(profile key, reasons) of the people the user may find for this text: the feed's expert finder
    (feed.experts.use_finder, connected in SearchConfig.ready())."""
    return [(hit.key, list(hit.reasons)) for hit in search_people(user, text, limit=limit).hits]


def search_people_as_operator(query: str, limit: int = DEFAULT_LIMIT) -> PeopleResults:
    """Every active user may be found: for management commands run by an operator."""
    return search_people_as(SYSTEM, query, limit)


SUGGEST_LIMIT = 8


def suggest_people(user, text: str, limit: int = SUGGEST_LIMIT):
    """Type-ahead: people the user may see whose names start with what was typed."""
    audience = audience_for(user)
    limit = max(1, min(int(limit), 20))
    backend = get_backend()
    try:
        hits, name = backend.suggest_people(text, audience=audience, limit=limit), backend.name
    except BackendUnavailable as error:
        if backend.name == "database":
            raise
        logger.warning("Search backend %s unavailable, suggesting from the database: %s", backend.name, error)
        SEARCH_FALLBACKS.labels("suggest").inc()
        hits, name = database_backend().suggest_people(text, audience=audience, limit=limit), "database"
    if hits:  # re-checked against the database, as search_people
        allowed = _findable_keys(user, [hit.key for hit in hits])
        hits = [hit for hit in hits if hit.key in allowed]
    return hits, name

"""Search tests run against both backends: the database index, and a real Elasticsearch
node (its indices get a prefix unique to this test session and are deleted afterwards)."""

import itertools
import os
import uuid

import pytest
from elasticsearch import Elasticsearch

from search import analysis
from search.backends import es_index, get_backend
from search.sync import reindex_all
from tests import factories

SESSION_PREFIX = f"test-search-{uuid.uuid4().hex[:10]}"
_numbers = itertools.count(1)


def _delete_indices(url: str, pattern: str) -> None:
    # Wildcard deletes are refused (action.destructive_requires_name): delete by name.
    es = Elasticsearch(url)
    names = sorted(es.indices.get(index=pattern, allow_no_indices=True, expand_wildcards="all"))
    for start in range(0, len(names), 20):  # a request line must stay under 4096 bytes
        es.indices.delete(index=",".join(names[start : start + 20]))


@pytest.fixture(scope="session", autouse=True)
def _drop_session_indices():
    yield
    if os.environ.get("ELASTICSEARCH_URL"):
        _delete_indices(os.environ["ELASTICSEARCH_URL"], f"{SESSION_PREFIX}-*")


@pytest.fixture
def use_database(settings):
    settings.SEARCH_BACKEND = "database"
    return "database"


@pytest.fixture
def use_elasticsearch(settings, request):
    url = request.getfixturevalue("elasticsearch_url")
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = url
    prefix = settings.SEARCH_INDEX_PREFIX = f"{SESSION_PREFIX}-{next(_numbers)}"
    yield "elasticsearch"
    _delete_indices(url, f"{prefix}-people*")
    es_index.forget_ensured()


@pytest.fixture(params=["database", "elasticsearch"])
def backend_name(request):
    """Run the test once per backend."""
    return request.getfixturevalue(f"use_{request.param}")


def rebuild_indices() -> None:
    """Rebuild the indices from the scene the test has set up, as the import command does."""
    reindex_all()
    get_backend().refresh()


@pytest.fixture
def reindex(backend_name):
    return rebuild_indices


@pytest.fixture
def without_voikko(settings):
    settings.SEARCH_VOIKKO = False
    analysis.clear_caches()
    yield
    settings.SEARCH_VOIKKO = True
    analysis.clear_caches()


@pytest.fixture
def procurement():
    return factories.skill(
        "public-procurement",
        "Julkiset hankinnat",
        "Offentlig upphandling",
        "Public procurement",
        synonyms=["hankintalaki"],
    )


def keys(results) -> list[str]:
    return [hit.key for hit in results.hits]

"""Searching content: the one read path for the search page, the API and type-ahead.

Visibility comes from search.content.audience (markers in the documents, keys of the
searcher, both applied inside each backend's query), and again at read time: every hit is
built afresh from the database and checked by the owning app's rule (search.content.recheck),
so a stale index never shows what the searcher may not see now. When Elasticsearch cannot
answer, the database index (always kept current) answers and `backend` says so.
"""

import logging
import time
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.metrics import SEARCH_FALLBACKS
from search import analysis
from search.backends import BackendUnavailable, elasticsearch_configured
from search.content import GROUPS, KINDS, PAGES, database
from search.content import elasticsearch as es_content
from search.content.audience import keys_for, kinds_for
from search.content.recheck import recheck
from search.content.tokens import searchable_words
from search.query import parse_query

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Elasticsearch answers at most this far into the results (index.max_result_window); both backends stop there.
MAX_WINDOW = 10_000
SUGGEST_LIMIT = 5
MAX_SUGGEST_CHARS = 100
MAX_SUGGEST_WORDS = 4
# The numbers on the tabs are re-checked over this many hits of each kind (beyond them the index's count).
COUNT_RECHECK = 20


@dataclass
class ContentHit:
    kind: str
    id: int
    title: str
    summary: str
    url: str
    meta: dict
    score: float
    created: str | None = None


@dataclass
class ContentResults:
    kind: str
    hits: list[ContentHit]
    total: int
    backend: str
    took_ms: float = 0.0
    message: str = ""
    facets: list[str] = field(default_factory=list)


def _hit(doc: dict, score: float) -> ContentHit:
    return ContentHit(
        kind=doc["kind"],
        id=doc["object_id"],
        title=doc["title"],
        summary=doc["summary"],
        url=doc["url"],
        meta=doc["meta"],
        score=score,
        created=doc.get("created"),
    )


def _configured_name() -> str:
    """The backend that answers when nothing goes wrong: answers decided before asking a backend
    carry its name, so the page does not claim the search service is down."""
    return es_content.name if elasticsearch_configured() else database.name


def _call(method: str, *args):
    """(answer, backend name): Elasticsearch when configured, the database when it cannot answer."""
    if elasticsearch_configured():
        try:
            return getattr(es_content, method)(*args), es_content.name
        except BackendUnavailable as error:
            logger.warning("Elasticsearch unavailable for content search, answering from the database: %s", error)
            SEARCH_FALLBACKS.labels("content").inc()
    return getattr(database, method)(*args), database.name


def unknown_kind_message(kind: str) -> str:
    return _("Unknown result type: %(kind)s.") % {"kind": kind}


def search_content(
    user, kind: str, query: str, facets: tuple[str, ...] = (), limit: int = DEFAULT_LIMIT, offset: int = 0
) -> ContentResults:
    """Documents of one kind the user may find, best first (newest first without a query).
    `facets` are validated by the caller (search.content.facets)."""
    started = time.perf_counter()
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    if offset + limit > MAX_WINDOW:
        return ContentResults(
            kind,
            [],
            0,
            _configured_name(),
            message=_("offset + limit may be at most %(window)s.") % {"window": MAX_WINDOW},
        )
    if kind not in KINDS:
        return ContentResults(kind, [], 0, _configured_name(), message=unknown_kind_message(kind))
    parsed = parse_query(query)
    keys = keys_for(user)
    if kind not in kinds_for(user) or not keys or (parsed.words and not searchable_words(parsed)):
        return ContentResults(kind, [], 0, _configured_name(), facets=list(facets))
    (hits, total), backend = _call("search", parsed, keys, kind, tuple(facets), limit, offset)
    fresh = recheck(user, keys, [doc for doc, _score in hits], parsed=parsed, facets=facets)
    kept = [_hit(doc, score) for doc, (_stale, score) in zip(fresh, hits, strict=True) if doc is not None]
    # A page may come out short while the index catches up (the dropped hits are queued for re-indexing).
    total -= len(hits) - len(kept)
    took = round((time.perf_counter() - started) * 1000, 2)
    return ContentResults(kind, kept, total, backend, took, facets=list(facets))


def content_counts(user, query: str) -> dict[str, int]:
    """How many documents of each kind the user may find match the query (for the tabs)."""
    parsed = parse_query(query)
    kinds = kinds_for(user)
    keys = keys_for(user)
    if not kinds or not keys or parsed.is_empty or not searchable_words(parsed):
        return {kind: 0 for kind in kinds}
    counts, _backend = _call("counts", parsed, keys, kinds)
    for kind, count in counts.items():
        if count:  # never trust the index alone: re-check the first hits, drop the stale ones from the count
            (hits, _total), _backend = _call("search", parsed, keys, kind, (), min(count, COUNT_RECHECK), 0)
            fresh = recheck(user, keys, [doc for doc, _score in hits], parsed=parsed)
            counts[kind] = count - sum(1 for doc in fresh if doc is None)
    return counts


def suggest_content(user, text: str, limit: int = SUGGEST_LIMIT) -> list[ContentHit]:
    """Type-ahead: groups and pages the user may see whose title words start with what was typed."""
    words = analysis.name_terms((text or "")[:MAX_SUGGEST_CHARS])[:MAX_SUGGEST_WORDS]
    kinds = [kind for kind in (GROUPS, PAGES) if kind in kinds_for(user)]
    keys = keys_for(user)
    if not words or not kinds or not keys:
        return []
    docs, _backend = _call("suggest", words, keys, kinds, max(1, min(int(limit), 20)))
    return [_hit(doc, 0.0) for doc in recheck(user, keys, docs, words=words) if doc is not None]

"""The read-time re-check of content hits: an index may be stale, the database is not.

A document was right when it was indexed; since then a moderator may have hidden the post
or a comment in it (rows changed by update()), a group may have become private, a guest's
end date may have passed, a member may have been removed. So every hit a backend returns is
built again from the database (search.content.documents) and kept only when

- the object should still be indexed (not deleted, hidden, unpublished or restricted),
- the owning app's read rule lets the searcher see it now (feed.queries, groups.queries,
  people.network_queries; organisations and pages: active staff),
- its fresh access markers meet the searcher's keys (search.content.audience),
- it still carries the facets asked for and still matches every query word.

What the hit shows (title, summary, meta) comes from the fresh document. A hit that was
dropped or changed is queued for re-indexing, so the index heals itself (read repair).
"""

import logging
from collections.abc import Iterable

from django.db.models import QuerySet
from wagtail.models import Page

from feed.queries import readable_posts
from groups.queries import visible_groups
from people.models import Organisation
from people.network_queries import visible_contacts
from search import analysis
from search.content import CONTACTS, GROUPS, ORGANISATIONS, PAGES, POSTS, documents
from search.content.sync import queue
from search.content.tokens import TEXT_FIELDS, document_terms, searchable_words
from search.query import ParsedQuery

logger = logging.getLogger(__name__)


def _staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and not user.is_guest)


def readable(user, kind: str) -> QuerySet:
    """The objects of this kind the user may see now, by the owning app's rule."""
    if kind == POSTS:
        # Search never shows hidden posts, not even to moderators (they read them in the group).
        return readable_posts(user).filter(hidden_at__isnull=True)
    if kind == GROUPS:
        return visible_groups(user)
    if kind == CONTACTS:
        return visible_contacts(user)
    if kind == ORGANISATIONS:
        return Organisation.objects.all() if _staff(user) else Organisation.objects.none()
    if kind == PAGES:
        return Page.objects.live() if _staff(user) else Page.objects.none()
    raise ValueError(kind)


def matches(parsed: ParsedQuery, doc: dict) -> bool:
    """Every query word is in the document's title or text (what both backends ask)."""
    words = searchable_words(parsed)
    if not words:
        return True
    terms = document_terms(doc)
    tokens = set().union(*(terms[field] for field in TEXT_FIELDS))
    return all(word.matches(tokens) for word in words)


def name_matches(words: Iterable[str], doc: dict) -> bool:
    """Every typed word starts a word of the title (type-ahead)."""
    names = set(analysis.name_terms(doc["title"]))
    return all(any(name.startswith(word) for name in names) for word in words)


def _fresh(user, kind: str, ids: list[int], keys: frozenset[str]) -> dict[int, dict]:
    allowed = set(readable(user, kind).filter(pk__in=ids).values_list("pk", flat=True))
    return {doc["object_id"]: doc for doc in documents.documents_for(kind, allowed) if keys.intersection(doc["access"])}


def _repair(kind: str, ids: set[int]) -> None:
    if not ids:
        return

    logger.info("Stale %s documents found at read time, re-indexing: %s", kind, sorted(ids))
    try:
        queue(kind, ids)
    except Exception:  # a read must not fail because the repair could not be queued
        logger.exception("Could not queue the re-indexing of stale %s documents", kind)


def _comparable(doc: dict) -> dict:
    return {key: doc.get(key) for key in ("title", "summary", "url", "access", "facets", "meta")}


def recheck(
    user,
    keys: frozenset[str],
    docs: list[dict],
    *,
    parsed: ParsedQuery | None = None,
    words: Iterable[str] | None = None,
    facets: Iterable[str] = (),
) -> list[dict | None]:
    """The fresh document for each hit (None when the searcher may not find it now), in order.
    `parsed`: the query of a search; `words`: the typed words of type-ahead."""
    by_kind: dict[str, list[int]] = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], []).append(doc["object_id"])
    fresh = {kind: _fresh(user, kind, ids, keys) for kind, ids in by_kind.items()}
    wanted = set(facets)
    words = list(words or [])
    result: list[dict | None] = []
    stale: dict[str, set[int]] = {}
    for doc in docs:
        now = fresh[doc["kind"]].get(doc["object_id"])
        if now is not None and (
            not wanted <= set(now["facets"])
            or (parsed is not None and not matches(parsed, now))
            or (words and not name_matches(words, now))
        ):
            now = None
        if now is None or _comparable(now) != _comparable(doc):
            stale.setdefault(doc["kind"], set()).add(doc["object_id"])
        result.append(now)
    for kind, ids in stale.items():
        _repair(kind, ids)
    return result

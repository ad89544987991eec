"""The database backend for content: ContentDocument rows and their ContentTerm tokens,
scored in Python the same way on SQLite and PostgreSQL.

Who may find a document and its facet values are terms too ("access", "facet"), so the
visibility rule and the filters are part of the query: totals and counts are exact.
A document matches when every word of the query is in its title or text; its score is,
per word, the best alternative's quality x field weight x saturated term frequency.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Q, QuerySet

from search.backends.database import prefix_filter
from search.content.tokens import FIELD_WEIGHTS, TEXT_FIELDS, document_terms, saturation, searchable_words
from search.models import ContentDocument, ContentTerm
from search.query import ParsedQuery

BATCH = 500
# Type-ahead orders at most this many documents per kind by title.
SUGGEST_SCAN = 200
name = "database"


def _rows(document: ContentDocument, doc: dict) -> list[ContentTerm]:
    rows = [ContentTerm(document=document, field="access", term=marker) for marker in doc["access"]]
    rows += [ContentTerm(document=document, field="facet", term=value[:120]) for value in doc["facets"]]
    for field, counts in document_terms(doc).items():
        rows += [
            ContentTerm(document=document, field=field, term=term[:120], count=count) for term, count in counts.items()
        ]
    return rows


def _insert(docs: list[dict]) -> None:
    created = ContentDocument.objects.bulk_create(
        [
            ContentDocument(kind=doc["kind"], object_id=doc["object_id"], data=doc, created=doc["created"])
            for doc in docs
        ]
    )
    ContentTerm.objects.bulk_create(
        [row for document, doc in zip(created, docs, strict=True) for row in _rows(document, doc)], batch_size=2000
    )


def _matching_keys(docs: Iterable[dict]) -> Q:
    ids: dict[str, set[int]] = defaultdict(set)
    for doc in docs:
        ids[doc["kind"]].add(doc["object_id"])
    wanted = Q(pk__in=[])
    for kind, object_ids in ids.items():
        wanted |= Q(kind=kind, object_id__in=sorted(object_ids))
    return wanted


def index(docs: list[dict]) -> None:
    if not docs:
        return
    with transaction.atomic():
        ContentDocument.objects.filter(_matching_keys(docs)).delete()
        _insert(docs)


def remove(kind: str, ids: Iterable[int]) -> None:
    ids = list(ids)
    if ids:
        ContentDocument.objects.filter(kind=kind, object_id__in=ids).delete()


def rebuild(docs: Iterable[dict], progress: Callable[[int], None] | None = None) -> None:
    with transaction.atomic():
        ContentDocument.objects.all().delete()
        batch: list[dict] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) == BATCH:
                _insert(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            _insert(batch)
            if progress:
                progress(len(batch))


def _having(field: str, terms: Iterable[str]) -> QuerySet:
    return ContentTerm.objects.filter(field=field, term__in=list(terms)).values("document_id")


def candidates(keys: frozenset[str], kinds: Iterable[str], facets: Iterable[str] = ()) -> QuerySet:
    """Documents of these kinds the searcher may find, with every facet value given."""
    rows = ContentDocument.objects.filter(kind__in=list(kinds), pk__in=_having("access", keys))
    for value in facets:
        rows = rows.filter(pk__in=_having("facet", [value]))
    return rows


def _word_filter(word) -> Q:
    wanted = Q(term__in=list(word.terms)) if word.terms else Q(pk__in=[])
    for prefix in word.prefixes:
        wanted |= prefix_filter(prefix)
    return wanted


def scores(parsed: ParsedQuery, documents: QuerySet) -> dict[int, float]:
    """Document pk -> score, for the documents every query word matches."""
    best: dict[int, dict[int, float]] = defaultdict(dict)
    words = searchable_words(parsed)
    for position, word in enumerate(words):
        rows = (
            ContentTerm.objects.filter(field__in=TEXT_FIELDS, document__in=documents)
            .filter(_word_filter(word))
            .values_list("document_id", "field", "term", "count")
        )
        for document_id, field, term, count in rows:
            quality = word.terms.get(term)
            if quality is None:
                quality = max((q for prefix, q in word.prefixes.items() if term.startswith(prefix)), default=0.0)
            value = quality * FIELD_WEIGHTS[field] * saturation(count)
            if value > best[document_id].get(position, 0.0):
                best[document_id][position] = value
    needed = len(words)
    return {pk: round(sum(per_word.values()), 4) for pk, per_word in best.items() if len(per_word) == needed}


def search(
    parsed: ParsedQuery, keys: frozenset[str], kind: str, facets: Iterable[str], limit: int, offset: int = 0
) -> tuple[list[tuple[dict, float]], int]:
    """(documents with their scores, best first; how many match in all)."""
    documents = candidates(keys, [kind], facets)
    if parsed.is_empty:
        total = documents.count()
        page = documents.order_by("-created", "-pk")[offset : offset + limit]
        return [(document.data, 0.0) for document in page], total
    found = scores(parsed, documents)
    created = dict(ContentDocument.objects.filter(pk__in=list(found)).values_list("pk", "created"))
    order = sorted(found, key=lambda pk: (-found[pk], -(created[pk].timestamp() if created[pk] else 0), pk))
    page = order[offset : offset + limit]
    data = dict(ContentDocument.objects.filter(pk__in=page).values_list("pk", "data"))
    return [(data[pk], found[pk]) for pk in page], len(found)


def counts(parsed: ParsedQuery, keys: frozenset[str], kinds: Iterable[str]) -> dict[str, int]:
    """How many documents of each kind match (no facets): the numbers on the tabs."""
    documents = candidates(keys, kinds)
    if parsed.is_empty:
        rows = documents.values_list("kind", flat=True)
        result = defaultdict(int)
        for kind in rows:
            result[kind] += 1
        return {kind: result.get(kind, 0) for kind in kinds}
    found = scores(parsed, documents)
    result = defaultdict(int)
    for kind in ContentDocument.objects.filter(pk__in=list(found)).values_list("kind", flat=True):
        result[kind] += 1
    return {kind: result.get(kind, 0) for kind in kinds}


def suggest(words: list[str], keys: frozenset[str], kinds: Iterable[str], limit: int) -> list[dict]:
    """Documents whose title words start with every word typed, by title."""
    documents = candidates(keys, kinds)
    for word in words:
        documents = documents.filter(
            pk__in=ContentTerm.objects.filter(field="name").filter(prefix_filter(word)).values("document_id")
        )
    found = []
    for kind in kinds:
        rows = documents.filter(kind=kind).order_by("pk").values_list("data", flat=True)[:SUGGEST_SCAN]
        found += sorted(rows, key=lambda doc: doc["title"].lower())[:limit]
    return found

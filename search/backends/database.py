"""The database backend: person documents and their terms in two tables, scored in Python.

Scoring mirrors the Elasticsearch backend (BM25 without length normalisation, the same
field weights, the best alternative per word and field), so both rank alike, and the
same on SQLite and PostgreSQL because no database-specific text search is used.
"""

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Length

from search import fields, reasons
from search.backends.base import PeopleResults, SearchBackend, hit_from_document
from search.edits import within_edits
from search.models import FIELD_MARKER, SearchDocument, SearchTerm
from search.query import ParsedQuery, allowed_edits, parse_query
from search.visibility import Audience, allows

BATCH = 500


def idf(doc_count: int, doc_freq: int) -> float:
    """Lucene's BM25 idf."""
    return math.log(1 + (doc_count - doc_freq + 0.5) / (doc_freq + 0.5))


def saturation(field: str, frequency: int) -> float:
    """Elasticsearch's BM25 with b = 0 (it keeps the k1 + 1 factor: one occurrence scores 1)."""
    k1 = fields.k1(field)
    return frequency * (k1 + 1) / (frequency + k1)


def audience_fields(doc: dict) -> dict:
    return {"active": doc["active"], "is_guest": doc["is_guest"], "group_ids": doc["group_ids"]}


def prefix_filter(prefix: str) -> Q:
    """Terms starting with prefix, in a form the database can answer from an index."""
    if connection.vendor == "sqlite":
        # SQLite's LIKE ignores indexes; a range does the same in its binary collation.
        return Q(term__gte=prefix, term__lt=prefix + "\U0010ffff")
    return Q(term__startswith=prefix)  # PostgreSQL: the varchar_pattern_ops index


def _term_rows(document: SearchDocument, doc: dict) -> list[SearchTerm]:
    rows = []
    for field, counts in fields.document_terms(doc).items():
        rows.append(SearchTerm(document=document, field=field, term=FIELD_MARKER, count=1))
        rows.extend(SearchTerm(document=document, field=field, term=term, count=count)
                    for term, count in counts.items())
    return rows


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- Writing -------------------------------------------------------------
    def index_people(self, documents: list[dict]) -> None:
        if not documents:
            return
        with transaction.atomic():
            SearchDocument.objects.filter(profile_id__in=[doc["profile_id"] for doc in documents]).delete()
            self._insert(documents)

    def _insert(self, documents: list[dict]) -> None:
        created = SearchDocument.objects.bulk_create(
            [SearchDocument(profile_id=doc["profile_id"], key=doc["key"], data=doc, audience=audience_fields(doc))
             for doc in documents]
        )
        rows = [row for document in created for row in _term_rows(document, document.data)]
        SearchTerm.objects.bulk_create(rows, batch_size=2000)

    def remove_people(self, profile_ids: Iterable[int]) -> None:
        SearchDocument.objects.filter(profile_id__in=list(profile_ids)).delete()

    def rebuild(self, documents: Iterable[dict], progress: Callable[[int], None] | None = None) -> None:
        # One transaction: searches see the old index until the new one is complete.
        with transaction.atomic():
            SearchTerm.objects.all().delete()
            SearchDocument.objects.all().delete()
            batch: list[dict] = []
            for doc in documents:
                batch.append(doc)
                if len(batch) == BATCH:
                    self._insert(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                self._insert(batch)
                if progress:
                    progress(len(batch))

    def status(self) -> dict:
        try:
            return {"backend": self.name, "status": "ok", "documents": SearchDocument.objects.count()}
        except Exception as error:  # the health check reports, it does not fail here
            return {"backend": self.name, "status": "unavailable", "error": error.__class__.__name__}

    # --- Searching -----------------------------------------------------------
    def search_people(self, query: str, *, audience: Audience, limit: int = 10) -> PeopleResults:
        started = time.perf_counter()
        parsed = parse_query(query)
        if audience.nobody or parsed.is_empty:
            return PeopleResults([], self.name, round((time.perf_counter() - started) * 1000, 2), 0)
        scored = self.score(parsed)
        candidates = []
        ids = list(scored)
        for start in range(0, len(ids), BATCH):
            rows = SearchDocument.objects.filter(pk__in=ids[start:start + BATCH]).values_list("pk", "key", "audience")
            for pk, key, audience_data in rows:
                if allows(audience, audience_data):
                    candidates.append((scored[pk][0], key, pk))
        candidates.sort(key=lambda item: (-item[0], item[1]))
        best = candidates[:limit]
        documents = dict(SearchDocument.objects.filter(pk__in=[pk for _, _, pk in best]).values_list("pk", "data"))
        hits = [hit_from_document(documents[pk], score, reasons.explain(documents[pk], parsed, scored[pk][1]))
                for score, _, pk in best]
        took = round((time.perf_counter() - started) * 1000, 2)
        return PeopleResults(hits=hits, backend=self.name, took_ms=took, total=len(candidates))

    def score(self, parsed: ParsedQuery) -> dict[int, tuple[float, set[str]]]:
        """Document id -> (score, fields that matched)."""
        # best[(doc, word index, field)] = best alternative's score for that word in that field
        best: dict[tuple[int, int, str], float] = defaultdict(float)
        self._score_text(parsed, best)
        self._score_names(parsed, best)
        totals: dict[int, tuple[float, set[str]]] = {}
        for (document_id, _, field), value in best.items():
            score, matched = totals.get(document_id, (0.0, set()))
            matched.add(field)
            totals[document_id] = (score + fields.FIELD_WEIGHTS[field] * value, matched)
        return totals

    def _score_text(self, parsed: ParsedQuery, best: dict) -> None:
        terms = {term for word in parsed.words for term in word.terms}
        prefixes = {prefix for word in parsed.words for prefix in word.prefixes}
        if not terms and not prefixes:
            return
        wanted = Q(term__in=terms)
        for prefix in prefixes:
            wanted |= prefix_filter(prefix)
        rows = list(SearchTerm.objects.filter(wanted, field__in=fields.TEXT_FIELDS)
                    .values_list("document_id", "field", "term", "count"))
        if not rows:
            return
        matched_terms = {term for _, _, term, _ in rows}
        stats: dict[tuple[str, str], int] = {
            (row["field"], row["term"]): row["df"]
            for row in SearchTerm.objects.filter(term__in=matched_terms | {FIELD_MARKER}, field__in=fields.TEXT_FIELDS)
            .values("field", "term").annotate(df=Count("id"))
        }

        def term_score(field: str, term: str, count: int) -> float:
            return idf(stats.get((field, FIELD_MARKER), 0), stats[(field, term)]) * saturation(field, count)

        for index, word in enumerate(parsed.words):
            # Summed per prefix (like Elasticsearch's scoring_boolean rewrite), then the best alternative wins.
            prefix_sums: dict[tuple[int, str, str], float] = defaultdict(float)
            for document_id, field, term, count in rows:
                if term == FIELD_MARKER:
                    continue
                if term in word.terms:
                    key = (document_id, index, field)
                    best[key] = max(best[key], word.terms[term] * term_score(field, term, count))
                for prefix, quality in word.prefixes.items():
                    if term.startswith(prefix):
                        prefix_sums[(document_id, field, prefix)] += quality * term_score(field, term, count)
            for (document_id, field, _), value in prefix_sums.items():
                key = (document_id, index, field)
                best[key] = max(best[key], value)

    def _score_names(self, parsed: ParsedQuery, best: dict) -> None:
        name_terms = {word.name_term for word in parsed.words}
        shortest = min(len(term) for term in name_terms) - 2
        longest = max(len(term) for term in name_terms) + 2
        known = set(SearchTerm.objects.filter(field=fields.NAME_FIELD).annotate(length=Length("term"))
                    .filter(length__gte=shortest, length__lte=longest).exclude(term=FIELD_MARKER)
                    .values_list("term", flat=True).distinct())
        quality_by_term: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, word in enumerate(parsed.words):
            for term in known:
                distance = within_edits(word.name_term, term, allowed_edits(word.name_term))
                if distance is not None:
                    score = fields.NAME_EXACT_SCORE if distance == 0 else fields.NAME_FUZZY_SCORE
                    quality_by_term[term].append((index, score))
        if not quality_by_term:
            return
        for document_id, term in SearchTerm.objects.filter(field=fields.NAME_FIELD, term__in=quality_by_term) \
                .values_list("document_id", "term"):
            for index, score in quality_by_term[term]:
                key = (document_id, index, fields.NAME_FIELD)
                best[key] = max(best[key], score)

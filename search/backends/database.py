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

from search import analysis, answers, availability, fields, freshness, lag, ranking, reasons, visibility
from search import filters as search_filters
from search.backends.base import PeopleResults, SearchBackend, hit_from_document
from search.edits import within_edits
from search.models import FIELD_MARKER, SearchDocument, SearchTerm
from search.query import ParsedQuery, allowed_edits, parse_query
from search.visibility import Audience, allows, redact, sees_field

BATCH = 500
# Type-ahead looks at the start of what was typed.
MAX_SUGGEST_CHARS = 100
MAX_SUGGEST_WORDS = 4


def idf(doc_count: int, doc_freq: int) -> float:
    """Lucene's BM25 idf."""
    return math.log(1 + (doc_count - doc_freq + 0.5) / (doc_freq + 0.5))


def saturation(field: str, frequency: int) -> float:
    """Elasticsearch's BM25 with b = 0 (it keeps the k1 + 1 factor: one occurrence scores 1)."""
    k1 = fields.k1(field)
    return frequency * (k1 + 1) / (frequency + k1)


def audience_fields(doc: dict) -> dict:
    """What filtering and the availability factor read, without decoding whole documents."""
    return {
        "active": doc["active"],
        "is_guest": doc["is_guest"],
        "group_ids": doc["group_ids"],
        "former": bool(doc.get("former")),
        "name_sort": doc.get("name_folded", "").lower(),
        "profile_id": doc["profile_id"],
        "organisation_only": visibility.organisation_only(doc),
        "away_until": doc.get("away_until"),
        "skill_strengths": search_filters.skill_strengths(doc),
        "skill_confirmed": freshness.confirmed_dates(doc),
        **search_filters.facet_values(doc),
    }


def searched_fields(audience: Audience) -> tuple[str, ...]:
    """Staff search every field; guests only what people.visibility shows them."""
    if audience.sees_public_groups:
        return fields.TEXT_FIELDS
    return fields.GUEST_TEXT_FIELDS


def visible_score(audience: Audience, data: dict, per_field: dict[str, float]) -> tuple[float, set[str]]:
    """The text score from the fields the searcher may see of this person (hidden ones count nothing)."""
    total, matched = 0.0, set()
    for field, value in per_field.items():
        if field in fields.RESTRICTABLE_TEXT_FIELDS and not sees_field(audience, data, field):
            continue
        total += value
        matched.add(field)
    return total, matched


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
        rows.extend(
            SearchTerm(document=document, field=field, term=term, count=count) for term, count in counts.items()
        )
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
            [
                SearchDocument(profile_id=doc["profile_id"], key=doc["key"], data=doc, audience=audience_fields(doc))
                for doc in documents
            ]
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
        from django.db.models import Max

        try:
            report = {"backend": self.name, "status": "ok", "documents": SearchDocument.objects.count()}
            report.update(lag.lag_report(SearchDocument.objects.aggregate(newest=Max("indexed_at"))["newest"]))
            if lag.is_lagging(report) and report["documents"]:
                report["status"] = "degraded"
            return report
        except Exception as error:  # the health check reports, it does not fail here
            return {"backend": self.name, "status": "unavailable", "error": error.__class__.__name__}

    # --- Searching -----------------------------------------------------------
    def search_people(
        self, query: str, *, audience: Audience, limit: int = 10, filters: search_filters.Filters = search_filters.NONE
    ) -> PeopleResults:
        started = time.perf_counter()
        parsed = parse_query(query)
        if audience.nobody or (parsed.is_empty and search_filters.for_audience(filters, audience).is_empty):
            return PeopleResults([], self.name, round((time.perf_counter() - started) * 1000, 2), 0)
        if parsed.is_empty:
            return self._browse(audience, limit, filters, started)
        scored = self.field_scores(parsed, searched_fields(audience), audience.evidence_markers)
        evidence = answers.evidence(parsed, audience.readable_group_ids)
        evidence_by_pk = {}
        if evidence:
            evidence_by_pk = {
                pk: evidence[profile_id]
                for pk, profile_id in SearchDocument.objects.filter(profile_id__in=list(evidence)).values_list(
                    "pk", "profile_id"
                )
            }
        today = availability.today_iso()
        per_word, since = freshness.matching_skills(parsed), fields.fresh_since()
        filters = search_filters.for_audience(filters, audience)
        counts = search_filters.empty_counts()
        candidates = []
        matched_by_pk: dict[int, set[str]] = {}
        ids = sorted(set(scored) | set(evidence_by_pk))
        for start in range(0, len(ids), BATCH):
            rows = SearchDocument.objects.filter(pk__in=ids[start : start + BATCH]).values_list("pk", "key", "audience")
            for pk, key, audience_data in rows:
                if not allows(audience, audience_data):
                    continue
                seen = search_filters.visible_values(audience_data, audience)
                text_score, matched = visible_score(audience, audience_data, scored.get(pk, {}))
                found = evidence_by_pk.get(pk)
                if not matched and not found:
                    continue  # it matched only in fields this searcher may not see
                if matched & {"skills", "guest_skills"}:  # freshness as of today, of the skills they may see
                    text_score += freshness.bonus(
                        per_word, audience_data.get("skill_confirmed", {}), seen.get("skills", []), since
                    )
                if search_filters.allows(filters, seen, today):
                    total = (text_score + (found.score if found else 0.0)) * ranking.availability(seen, today)
                    candidates.append((ranking.sort_key(total, key, audience_data.get("former")), total, pk))
                    matched_by_pk[pk] = matched
                    search_filters.count_into(counts, seen, today)
        candidates.sort()
        best = candidates[:limit]
        documents = {
            pk: redact(data, audience)
            for pk, data in SearchDocument.objects.filter(pk__in=[pk for _, _, pk in best]).values_list("pk", "data")
        }
        hits = [
            hit_from_document(
                documents[pk],
                score,
                reasons.explain(documents[pk], parsed, matched_by_pk[pk], evidence_by_pk.get(pk), audience),
                audience,
            )
            for _, score, pk in best
        ]
        hits = ranking.lift_stand_ins(hits, limit, lambda wanted: self.people_by_key(wanted, audience, filters))
        took = round((time.perf_counter() - started) * 1000, 2)
        return PeopleResults(
            hits=hits,
            backend=self.name,
            took_ms=took,
            total=len(candidates),
            facets=search_filters.hide_counts(counts, audience),
        )

    def _browse(self, audience: Audience, limit: int, filters: search_filters.Filters, started: float) -> PeopleResults:
        """No words, only filters: everyone the filters allow, by evidence for the skill filter, else by name."""
        today = availability.today_iso()
        filters = search_filters.for_audience(filters, audience)
        counts = search_filters.empty_counts()
        candidates = []
        rows = SearchDocument.objects.values_list("pk", "key", "audience")
        if filters.organisation:  # the organisation is in every audience column: narrow in SQL where easy
            rows = rows.filter(audience__organisation=filters.organisation)
        for pk, key, audience_data in rows.iterator(chunk_size=2000):
            if not allows(audience, audience_data):
                continue
            seen = search_filters.visible_values(audience_data, audience)
            if not search_filters.allows(filters, seen, today):
                continue
            score = 1.0
            if filters.skill:
                score = float(
                    search_filters.browse_score(audience_data, filters)
                    + freshness.browse_bonus(audience_data.get("skill_confirmed", {}), filters.skill)
                )
            candidates.append(
                ((bool(audience_data.get("former")), -score, audience_data.get("name_sort", ""), key), score, pk)
            )
            search_filters.count_into(counts, seen, today)
        candidates.sort()
        best = candidates[:limit]
        documents = {
            pk: redact(data, audience)
            for pk, data in SearchDocument.objects.filter(pk__in=[pk for _, _, pk in best]).values_list("pk", "data")
        }
        hits = [
            hit_from_document(documents[pk], score, reasons.browse(documents[pk], filters.skill, audience), audience)
            for _, score, pk in best
        ]
        hits = ranking.lift_stand_ins(hits, limit, lambda wanted: self.people_by_key(wanted, audience, filters))
        took = round((time.perf_counter() - started) * 1000, 2)
        return PeopleResults(
            hits=hits,
            backend=self.name,
            took_ms=took,
            total=len(candidates),
            facets=search_filters.hide_counts(counts, audience),
        )

    def people_by_key(self, wanted: list[str], audience: Audience, filters: search_filters.Filters) -> dict:
        """Hits (score 0, no reasons) for these people, if the searcher may find them under the filters."""
        today = availability.today_iso()
        found = {}
        for key, audience_data, data in SearchDocument.objects.filter(key__in=wanted).values_list(
            "key", "audience", "data"
        ):
            if allows(audience, audience_data) and search_filters.allows(
                filters, search_filters.visible_values(audience_data, audience), today
            ):
                found[key] = hit_from_document(redact(data, audience), 0.0, [], audience)
        return found

    def suggest_people(self, text: str, *, audience: Audience, limit: int = 8) -> list:
        words = analysis.name_terms((text or "")[:MAX_SUGGEST_CHARS])[:MAX_SUGGEST_WORDS]
        if audience.nobody or not words:
            return []
        matching: set[int] | None = None
        for word in words:
            ids = set(
                SearchTerm.objects.filter(prefix_filter(word), field=fields.NAME_FIELD).values_list(
                    "document_id", flat=True
                )
            )
            matching = ids if matching is None else matching & ids
            if not matching:
                return []
        # The small audience column decides; full documents are read only for the few shown.
        rows = SearchDocument.objects.filter(pk__in=matching).order_by("key").values_list("pk", "audience")
        chosen = []
        for pk, audience_data in rows.iterator():
            if allows(audience, audience_data):
                chosen.append(pk)
                if len(chosen) == limit:
                    break
        documents = dict(SearchDocument.objects.filter(pk__in=chosen).values_list("pk", "data"))
        return [hit_from_document(redact(documents[pk], audience), 0.0, [], audience) for pk in chosen]

    def field_scores(
        self, parsed: ParsedQuery, text_fields=fields.TEXT_FIELDS, markers: tuple[str, ...] = ()
    ) -> dict[int, dict[str, float]]:
        """Document id -> field -> weighted score (visibility is applied by the caller; network
        evidence only under the searcher's audience markers)."""
        # best[(doc, word index, field)] = best alternative's score for that word in that field
        best: dict[tuple[int, int, str], float] = defaultdict(float)
        self._score_text(parsed, best, text_fields, markers)
        self._score_names(parsed, best)
        totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for (document_id, _, field), value in best.items():
            totals[document_id][field] += fields.FIELD_WEIGHTS[field] * value
        return totals

    def _score_text(self, parsed: ParsedQuery, best: dict, text_fields, markers: tuple[str, ...] = ()) -> None:
        # Per word, its alternatives in every searched field (marked ones exist only in dealt_with,
        # plain ones never there, so one merged map per word cannot match across fields).
        word_terms: list[dict[str, float]] = []
        word_prefixes: list[dict[str, float]] = []
        for word in parsed.words:
            merged_terms, merged_prefixes = {}, {}
            for field in text_fields:
                field_terms, field_prefixes = fields.alternatives(word, field, markers)
                merged_terms.update(field_terms)
                merged_prefixes.update(field_prefixes)
            word_terms.append(merged_terms)
            word_prefixes.append(merged_prefixes)
        terms = {term for alternatives in word_terms for term in alternatives}
        prefixes = {prefix for alternatives in word_prefixes for prefix in alternatives}
        if not terms and not prefixes:
            return
        wanted = Q(term__in=terms)
        for prefix in prefixes:
            wanted |= prefix_filter(prefix)
        rows = list(
            SearchTerm.objects.filter(wanted, field__in=text_fields).values_list(
                "document_id", "field", "term", "count"
            )
        )
        if not rows:
            return
        matched_terms = {term for _, _, term, _ in rows}
        stats: dict[tuple[str, str], int] = {
            (row["field"], row["term"]): row["df"]
            for row in SearchTerm.objects.filter(term__in=matched_terms | {FIELD_MARKER}, field__in=text_fields)
            .values("field", "term")
            .annotate(df=Count("id"))
        }

        def term_score(field: str, term: str, count: int) -> float:
            return idf(stats.get((field, FIELD_MARKER), 0), stats[(field, term)]) * saturation(field, count)

        for index in range(len(parsed.words)):
            alternatives, prefix_alternatives = word_terms[index], word_prefixes[index]
            # Summed per prefix (like Elasticsearch's scoring_boolean rewrite), then the best alternative wins.
            prefix_sums: dict[tuple[int, str, str], float] = defaultdict(float)
            for document_id, field, term, count in rows:
                if term == FIELD_MARKER:
                    continue
                if term in alternatives:
                    key = (document_id, index, field)
                    best[key] = max(best[key], alternatives[term] * term_score(field, term, count))
                for prefix, quality in prefix_alternatives.items():
                    if term.startswith(prefix):
                        prefix_sums[(document_id, field, prefix)] += quality * term_score(field, term, count)
            for (document_id, field, _), value in prefix_sums.items():
                key = (document_id, index, field)
                best[key] = max(best[key], value)

    def _score_names(self, parsed: ParsedQuery, best: dict) -> None:
        name_terms = {word.name_term for word in parsed.words}
        shortest = min(len(term) for term in name_terms) - 2
        longest = max(len(term) for term in name_terms) + 2
        known = set(
            SearchTerm.objects.filter(field=fields.NAME_FIELD)
            .annotate(length=Length("term"))
            .filter(length__gte=shortest, length__lte=longest)
            .exclude(term=FIELD_MARKER)
            .values_list("term", flat=True)
            .distinct()
        )
        quality_by_term: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, word in enumerate(parsed.words):
            for term in known:
                distance = within_edits(word.name_term, term, allowed_edits(word.name_term))
                if distance is not None:
                    score = fields.NAME_EXACT_SCORE if distance == 0 else fields.NAME_FUZZY_SCORE
                    quality_by_term[term].append((index, score))
        if not quality_by_term:
            return
        for document_id, term in SearchTerm.objects.filter(
            field=fields.NAME_FIELD, term__in=quality_by_term
        ).values_list("document_id", "term"):
            for index, score in quality_by_term[term]:
                key = (document_id, index, fields.NAME_FIELD)
                best[key] = max(best[key], score)

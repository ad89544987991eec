"""The Elasticsearch backend: the same documents, tokens, weights and reasons as the
database backend, scored by Elasticsearch's BM25 (without length normalisation)."""

import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime

import elastic_transport
import elasticsearch
from elasticsearch import helpers
from elasticsearch_dsl import Q, Search

from search import analysis, answers, availability, fields, freshness, lag, ranking, reasons
from search import filters as search_filters
from search.backends import es_index
from search.backends.base import BackendUnavailable, PeopleResults, SearchBackend, hit_from_document
from search.backends.database import MAX_SUGGEST_CHARS, MAX_SUGGEST_WORDS, searched_fields
from search.query import ParsedQuery, allowed_edits, parse_query
from search.visibility import SYSTEM, Audience, elasticsearch_field_filter, elasticsearch_filter, redact

logger = logging.getLogger(__name__)

# Errors that mean "cannot answer now" rather than a wrong request of ours.
UNAVAILABLE = (elastic_transport.TransportError, elasticsearch.ApiError, helpers.BulkIndexError)
# A Finnish prefix expands to at most this many index terms (each scored, like the database backend).
PREFIX_TERMS = 50
BATCH = 500


def build_query(
    parsed: ParsedQuery,
    text_fields=fields.TEXT_FIELDS,
    evidence: dict | None = None,
    today: str | None = None,
    audience: Audience = SYSTEM,
) -> Q:
    """bool/should of one dis_max per word and field (`_name` tells which fields matched), plus
    each answer author's evidence as a constant; out-of-office people scaled by AWAY_FACTOR.
    A field a person may restrict counts only where the searcher may see it (a filter beside it:
    same score, no match elsewhere); availability only where the searcher may see it."""
    should = []
    # Names are unique per word and field: Elasticsearch reports one query per name, so a repeated
    # name would hide that an earlier word matched (the part before "#" is the field).
    markers = audience.evidence_markers
    for index, word in enumerate(parsed.words):
        for field in text_fields:
            terms, prefixes = fields.alternatives(word, field, markers)
            alternatives = [{"term": {field: {"value": term, "boost": quality}}} for term, quality in terms.items()]
            alternatives += [
                {"prefix": {field: {"value": prefix, "boost": quality, "rewrite": f"top_terms_{PREFIX_TERMS}"}}}
                for prefix, quality in prefixes.items()
            ]
            if not alternatives:
                continue
            clause = {"dis_max": {"queries": alternatives, "boost": fields.FIELD_WEIGHTS[field]}}
            visible = elasticsearch_field_filter(audience, field) if field in fields.RESTRICTABLE_TEXT_FIELDS else None
            if visible is None:
                should.append({"dis_max": {**clause["dis_max"], "_name": f"{field}#{index}"}})
            else:
                should.append({"bool": {"must": [clause], "filter": [visible], "_name": f"{field}#{index}"}})
        names = [{"constant_score": {"filter": {"term": {"name": word.name_term}}, "boost": fields.NAME_EXACT_SCORE}}]
        if allowed_edits(word.name_term):
            names.append(
                {
                    "constant_score": {
                        "filter": {"fuzzy": {"name": {"value": word.name_term, "fuzziness": "AUTO"}}},
                        "boost": fields.NAME_FUZZY_SCORE,
                    }
                }
            )
        should.append({"dis_max": {"queries": names, "boost": fields.FIELD_WEIGHTS["name"], "_name": f"name#{index}"}})
    # Skill freshness as of today (search.freshness): a constant per word with a fresh matching skill.
    should += freshness.elasticsearch_clauses(freshness.matching_skills(parsed), audience.is_guest)
    for profile_id, found in sorted((evidence or {}).items()):
        should.append({"constant_score": {"filter": {"term": {"profile_id": profile_id}}, "boost": found.score}})
    away = {
        "filter": search_filters.away_clause(today or availability.today_iso(), audience),
        "weight": ranking.AWAY_FACTOR,
    }
    return Q(
        {
            "function_score": {
                "query": {"bool": {"should": should, "minimum_should_match": 1}},
                "functions": [away],
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        }
    )


# Former staff after every current colleague (documents indexed before the field count as current).
FORMER_LAST = {"former": {"order": "asc", "missing": "_first"}}
# Browsing by the skill filter scores a person by that skill's evidence (at most 2 x 4 + 2).
MAX_SKILL_STRENGTH = 12


def browse_query(filters: search_filters.Filters, guest: bool = False) -> Q:
    """No words: everyone (the filters go beside it); with a skill filter, scored by that skill's
    evidence (one strength function matches) plus one if it is fresh today."""
    if not filters.skill:
        return Q({"match_all": {}})
    functions = [
        {"filter": {"term": {"skill_strengths": f"{filters.skill}#{strength}"}}, "weight": strength}
        for strength in range(1, MAX_SKILL_STRENGTH + 1)
    ]
    confirmed = "guest_skill_confirmed" if guest else "skill_confirmed"
    fresh = {
        "range": {
            confirmed: {
                "gte": f"{filters.skill}#{fields.fresh_since()}",
                "lte": f"{filters.skill}#{freshness.LAST_DAY}",
            }
        }
    }
    functions.append({"filter": fresh, "weight": 1})
    return Q(
        {
            "function_score": {
                "query": {"match_all": {}},
                "functions": functions,
                "score_mode": "sum",
                "boost_mode": "replace",
            }
        }
    )


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    # --- Searching -----------------------------------------------------------
    def search_people(
        self, query: str, *, audience: Audience, limit: int = 10, filters: search_filters.Filters = search_filters.NONE
    ) -> PeopleResults:
        started = time.perf_counter()
        parsed = parse_query(query)
        if audience.nobody or (parsed.is_empty and search_filters.for_audience(filters, audience).is_empty):
            return PeopleResults([], self.name, round((time.perf_counter() - started) * 1000, 2), 0)
        evidence = answers.evidence(parsed, audience.readable_group_ids)
        filters = search_filters.for_audience(filters, audience)
        today = availability.today_iso()
        if parsed.is_empty:  # filters only: by evidence for the skill filter, else by name
            query_clause = browse_query(filters, audience.is_guest)
            order = [
                FORMER_LAST,
                {"_score": {"order": "desc"}},
                {"name_sort": {"order": "asc"}},
                {"key": {"order": "asc"}},
            ]
        else:
            query_clause = build_query(parsed, searched_fields(audience), evidence, today, audience)
            order = [FORMER_LAST, {"_score": {"order": "desc"}}, {"key": {"order": "asc"}}]
        try:
            search = (
                Search(using=es_index.client(), index=es_index.ensure_index())
                .query(query_clause)
                .filter(
                    Q(
                        {
                            "bool": {
                                "filter": [
                                    elasticsearch_filter(audience),
                                    *search_filters.elasticsearch_clauses(filters, today, audience),
                                ]
                            }
                        }
                    )
                )
                .sort(*order)
                .source(["data"])
                .extra(
                    size=limit,
                    track_total_hits=True,
                    track_scores=True,
                    aggs=search_filters.elasticsearch_aggregations(today, audience),
                )
            )
            response = search.execute()
        except UNAVAILABLE as error:
            es_index.forget_ensured()
            raise BackendUnavailable(str(error)) from error
        hits = []
        for hit in response.hits:
            doc = redact(hit.data.to_dict(), audience)
            if parsed.is_empty:
                hits.append(
                    hit_from_document(doc, hit.meta.score, reasons.browse(doc, filters.skill, audience), audience)
                )
                continue
            matched = {name.split("#")[0] for name in getattr(hit.meta, "matched_queries", None) or []}
            found = evidence.get(doc["profile_id"])
            hits.append(
                hit_from_document(doc, hit.meta.score, reasons.explain(doc, parsed, matched, found, audience), audience)
            )
        hits = ranking.lift_stand_ins(hits, limit, lambda wanted: self.people_by_key(wanted, audience, filters))
        took = round((time.perf_counter() - started) * 1000, 2)
        return PeopleResults(
            hits=hits,
            backend=self.name,
            took_ms=took,
            total=response.hits.total.value,
            engine_ms=float(response.took),
            facets=search_filters.counts_from_elasticsearch(response.aggregations.to_dict(), audience),
        )

    def people_by_key(self, wanted: list[str], audience: Audience, filters: search_filters.Filters) -> dict:
        """Hits (score 0, no reasons) for these people, if the searcher may find them under the filters."""
        today = availability.today_iso()
        try:
            response = (
                Search(using=es_index.client(), index=es_index.ensure_index())
                .query(
                    Q(
                        {
                            "bool": {
                                "filter": [
                                    {"terms": {"key": wanted}},
                                    elasticsearch_filter(audience),
                                    *search_filters.elasticsearch_clauses(filters, today, audience),
                                ]
                            }
                        }
                    )
                )
                .source(["data"])
                .extra(size=len(wanted), track_total_hits=False)
                .execute()
            )
        except UNAVAILABLE as error:
            es_index.forget_ensured()
            raise BackendUnavailable(str(error)) from error
        docs = [redact(hit.data.to_dict(), audience) for hit in response.hits]
        return {doc["key"]: hit_from_document(doc, 0.0, [], audience) for doc in docs}

    def suggest_people(self, text: str, *, audience: Audience, limit: int = 8) -> list:
        words = analysis.name_terms((text or "")[:MAX_SUGGEST_CHARS])[:MAX_SUGGEST_WORDS]
        if audience.nobody or not words:
            return []
        # `name` has index_prefixes, so these prefix queries read one precomputed term each.
        clauses = [{"prefix": {"name": word}} for word in words]
        try:
            response = (
                Search(using=es_index.client(), index=es_index.ensure_index())
                .query(Q({"bool": {"filter": [*clauses, elasticsearch_filter(audience)]}}))
                .sort({"key": {"order": "asc"}})
                .source(["data"])
                .extra(size=limit, track_total_hits=False)
                .execute()
            )
        except UNAVAILABLE as error:
            es_index.forget_ensured()
            raise BackendUnavailable(str(error)) from error
        return [hit_from_document(redact(hit.data.to_dict(), audience), 0.0, [], audience) for hit in response.hits]

    # --- Writing -------------------------------------------------------------
    def _actions(self, index: str, documents: Iterable[dict]):
        for doc in documents:
            yield {
                "_index": index,
                "_id": str(doc["profile_id"]),
                "_source": es_index.to_source(doc, fields.document_terms(doc)),
            }

    def _bulk(self, actions, **options) -> None:
        try:
            helpers.bulk(es_index.client(), actions, **options)
        except UNAVAILABLE as error:
            es_index.forget_ensured()
            raise BackendUnavailable(str(error)) from error

    def index_people(self, documents: list[dict]) -> None:
        if documents:
            # require_alias: never let a write auto-create an index named like the alias.
            self._bulk(self._actions(self._alias(), documents), require_alias=True)

    def remove_people(self, profile_ids: Iterable[int]) -> None:
        actions = [{"_op_type": "delete", "_index": self._alias(), "_id": str(pk)} for pk in profile_ids]
        if actions:
            self._bulk(actions, ignore_status=(404,))

    def _alias(self) -> str:
        try:
            return es_index.ensure_index()
        except UNAVAILABLE as error:
            raise BackendUnavailable(str(error)) from error

    def rebuild(self, documents: Iterable[dict], progress: Callable[[int], None] | None = None) -> None:
        """Fill a new index, swap the alias to it, delete the old one."""
        name = es_index.new_index_name()
        try:
            es_index.create_index(name)
            es = es_index.client()
            for ok, _ in helpers.streaming_bulk(es, self._actions(name, documents), chunk_size=BATCH):
                if progress and ok:
                    progress(1)
            es.indices.refresh(index=name)
            old = es_index.swap_alias(name)
            if old:
                es.indices.delete(index=",".join(old))
        except UNAVAILABLE as error:
            es_index.forget_ensured()
            self._drop_unfinished(name)
            raise BackendUnavailable(str(error)) from error

    def _drop_unfinished(self, name: str) -> None:
        try:
            if name not in es_index.indices_behind_alias():
                es_index.client().indices.delete(index=name, ignore_unavailable=True)
        except UNAVAILABLE:
            logger.warning("Could not delete the unfinished index %s", name)

    def refresh(self) -> None:
        """Make recent writes searchable now (tests, and after a bulk import)."""
        es_index.client().indices.refresh(index=self._alias())

    def status(self) -> dict:
        report = {"backend": self.name, "index": es_index.alias_name()}
        try:
            es = es_index.client()
            health = es.cluster.health(timeout="2s")
            report["cluster"] = health["status"]
            newest = None
            if es.indices.exists_alias(name=es_index.alias_name()):
                response = es.search(
                    index=es_index.alias_name(),
                    size=0,
                    track_total_hits=True,
                    aggs={"newest": {"max": {"field": "indexed_at"}}},
                )
                report["documents"] = response["hits"]["total"]["value"]
                newest_text = response["aggregations"]["newest"].get("value_as_string")
                newest = datetime.fromisoformat(newest_text.replace("Z", "+00:00")) if newest_text else None
            else:
                report["documents"] = 0
            report.update(lag.lag_report(newest))
            report["status"] = "ok" if health["status"] in {"green", "yellow"} else "degraded"
            if report["documents"] and lag.is_lagging(report):
                report["status"] = "degraded"
        except Exception as error:  # the health check reports, it does not fail here
            logger.warning("Elasticsearch status check failed: %s", error)
            report.update(status="unavailable", error=error.__class__.__name__)
        return report

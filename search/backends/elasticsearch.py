"""The Elasticsearch backend: the same documents, tokens, weights and reasons as the
database backend, scored by Elasticsearch's BM25 (without length normalisation)."""

import logging
import time
from collections.abc import Callable, Iterable

import elastic_transport
import elasticsearch
from elasticsearch import helpers
from elasticsearch_dsl import Q, Search

from search import fields, reasons
from search.backends import es_index
from search.backends.base import BackendUnavailable, PeopleResults, SearchBackend, hit_from_document
from search.query import ParsedQuery, allowed_edits, parse_query
from search.visibility import Audience, elasticsearch_filter

logger = logging.getLogger(__name__)

# Errors that mean "cannot answer now" rather than a wrong request of ours.
UNAVAILABLE = (elastic_transport.TransportError, elasticsearch.ApiError, helpers.BulkIndexError)
# A Finnish prefix expands to at most this many index terms (each scored, like the database backend).
PREFIX_TERMS = 50
BATCH = 500


def build_query(parsed: ParsedQuery) -> Q:
    """bool/should of one dis_max per word and field; `_name` tells which fields matched."""
    should = []
    for word in parsed.words:
        for field in fields.TEXT_FIELDS:
            alternatives = [{"term": {field: {"value": term, "boost": quality}}}
                            for term, quality in word.terms.items()]
            alternatives += [{"prefix": {field: {"value": prefix, "boost": quality,
                                                 "rewrite": f"top_terms_{PREFIX_TERMS}"}}}
                             for prefix, quality in word.prefixes.items()]
            if alternatives:
                should.append({"dis_max": {"queries": alternatives, "boost": fields.FIELD_WEIGHTS[field],
                                           "_name": field}})
        names = [{"constant_score": {"filter": {"term": {"name": word.name_term}},
                                     "boost": fields.NAME_EXACT_SCORE}}]
        if allowed_edits(word.name_term):
            names.append({"constant_score": {"filter": {"fuzzy": {"name": {"value": word.name_term,
                                                                           "fuzziness": "AUTO"}}},
                                             "boost": fields.NAME_FUZZY_SCORE}})
        should.append({"dis_max": {"queries": names, "boost": fields.FIELD_WEIGHTS["name"], "_name": "name"}})
    return Q({"bool": {"should": should, "minimum_should_match": 1}})


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    # --- Searching -----------------------------------------------------------
    def search_people(self, query: str, *, audience: Audience, limit: int = 10) -> PeopleResults:
        started = time.perf_counter()
        parsed = parse_query(query)
        if audience.nobody or parsed.is_empty:
            return PeopleResults([], self.name, round((time.perf_counter() - started) * 1000, 2), 0)
        try:
            search = (
                Search(using=es_index.client(), index=es_index.ensure_index())
                .query(build_query(parsed))
                .filter(Q(elasticsearch_filter(audience)))
                .sort({"_score": {"order": "desc"}}, {"key": {"order": "asc"}})
                .source(["data"])
                .extra(size=limit, track_total_hits=True, track_scores=True)
            )
            response = search.execute()
        except UNAVAILABLE as error:
            es_index.forget_ensured()
            raise BackendUnavailable(str(error)) from error
        hits = []
        for hit in response.hits:
            doc = hit.data.to_dict()
            matched = set(getattr(hit.meta, "matched_queries", None) or [])
            hits.append(hit_from_document(doc, hit.meta.score, reasons.explain(doc, parsed, matched)))
        took = round((time.perf_counter() - started) * 1000, 2)
        return PeopleResults(hits=hits, backend=self.name, took_ms=took, total=response.hits.total.value)

    # --- Writing -------------------------------------------------------------
    def _actions(self, index: str, documents: Iterable[dict]):
        for doc in documents:
            yield {"_index": index, "_id": str(doc["profile_id"]),
                   "_source": es_index.to_source(doc, fields.document_terms(doc))}

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
            if es.indices.exists_alias(name=es_index.alias_name()):
                report["documents"] = es.count(index=es_index.alias_name())["count"]
            else:
                report["documents"] = 0
            report["status"] = "ok" if health["status"] in {"green", "yellow"} else "degraded"
        except Exception as error:  # the health check reports, it does not fail here
            logger.warning("Elasticsearch status check failed: %s", error)
            report.update(status="unavailable", error=error.__class__.__name__)
        return report

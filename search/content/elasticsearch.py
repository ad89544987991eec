"""The Elasticsearch backend for content: one index behind the alias `{prefix}-content`,
the same tokens (search.content.tokens), access markers and facets as the database backend.

Only server-core features: whitespace-analysed token strings, keyword filters, a `name`
field with index_prefixes for type-ahead. A rebuild fills a new index and swaps the alias.
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone
from elasticsearch import helpers

from search.backends import BackendUnavailable
from search.backends.elasticsearch import PREFIX_TERMS, UNAVAILABLE
from search.backends.es_index import client
from search.content.tokens import FIELD_WEIGHTS, K1, TEXT_FIELDS, document_terms, searchable_words
from search.query import ParsedQuery

logger = logging.getLogger(__name__)
name = "elasticsearch"
BATCH = 500

MAPPING = {
    "dynamic": "strict",
    "properties": {
        "kind": {"type": "keyword"},
        "object_id": {"type": "long"},
        "access": {"type": "keyword"},
        "facets": {"type": "keyword"},
        "title": {"type": "text", "analyzer": "whitespace", "similarity": "flat_bm25"},
        "text": {"type": "text", "analyzer": "whitespace", "similarity": "flat_bm25"},
        "name": {"type": "text", "analyzer": "whitespace", "index_prefixes": {"min_chars": 1, "max_chars": 19}},
        "title_sort": {"type": "keyword"},
        "created": {"type": "date"},
        "indexed_at": {"type": "date"},
        "data": {"type": "object", "enabled": False},
    },
}
SETTINGS = {
    "number_of_shards": 1,
    "auto_expand_replicas": "0-1",
    "similarity": {"flat_bm25": {"type": "BM25", "k1": K1, "b": 0.0}},
}


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX.lower()}-content"


def _unavailable(error) -> BackendUnavailable:
    _ensured.clear()  # the index may be gone: check again next time
    return BackendUnavailable(str(error))


def _create(index: str) -> None:
    client().indices.create(index=index, settings=SETTINGS, mappings=MAPPING)


_ensured: set[str] = set()


def _alias() -> str:
    """The alias, created with its first index on first use."""
    alias = alias_name()
    if alias in _ensured:
        return alias
    try:
        es = client()
        if not es.indices.exists_alias(name=alias):
            index = f"{alias}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"
            _create(index)
            if es.indices.exists_alias(name=alias):  # another process won the race
                es.indices.delete(index=index)
            else:
                es.indices.update_aliases(actions=[{"add": {"index": index, "alias": alias}}])
    except UNAVAILABLE as error:
        raise _unavailable(error) from error
    _ensured.add(alias)
    return alias


def _source(doc: dict) -> dict:
    terms = document_terms(doc)
    source = {
        "kind": doc["kind"],
        "object_id": doc["object_id"],
        "access": doc["access"],
        "facets": doc["facets"],
        "title_sort": doc["title"].lower()[:200],
        "created": doc["created"],
        "indexed_at": timezone.now().isoformat(),
        "data": doc,
        "name": " ".join(sorted(terms["name"])),
    }
    for field in TEXT_FIELDS:
        source[field] = " ".join(token for token, count in sorted(terms[field].items()) for _ in range(count))
    return source


def _actions(index: str, docs: Iterable[dict]):
    for doc in docs:
        yield {"_index": index, "_id": f"{doc['kind']}-{doc['object_id']}", "_source": _source(doc)}


def _bulk(actions, **options) -> None:
    try:
        helpers.bulk(client(), actions, **options)
    except UNAVAILABLE as error:
        raise _unavailable(error) from error


def index(docs: list[dict]) -> None:
    if docs:
        _bulk(_actions(_alias(), docs), require_alias=True)


def remove(kind: str, ids: Iterable[int]) -> None:
    actions = [{"_op_type": "delete", "_index": _alias(), "_id": f"{kind}-{pk}"} for pk in ids]
    if actions:
        _bulk(actions, ignore_status=(404,))


def refresh() -> None:
    try:
        client().indices.refresh(index=_alias())
    except UNAVAILABLE as error:
        raise _unavailable(error) from error


def rebuild(docs: Iterable[dict], progress: Callable[[int], None] | None = None) -> None:
    """Fill a new index, swap the alias to it in one step, delete the old one."""
    alias = alias_name()
    index_name = f"{alias}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"
    es = client()
    try:
        _create(index_name)
        for ok, _ in helpers.streaming_bulk(es, _actions(index_name, docs), chunk_size=BATCH):
            if progress and ok:
                progress(1)
        es.indices.refresh(index=index_name)
        old = sorted(es.indices.get_alias(name=alias).keys()) if es.indices.exists_alias(name=alias) else []
        actions = [{"remove": {"index": name, "alias": alias}} for name in old]
        es.indices.update_aliases(actions=[*actions, {"add": {"index": index_name, "alias": alias}}])
        _ensured.add(alias)
        if old:
            es.indices.delete(index=",".join(old))
    except UNAVAILABLE as error:
        try:
            es.indices.delete(index=index_name, ignore_unavailable=True)
        except UNAVAILABLE:
            logger.warning("Could not delete the unfinished index %s", index_name)
        raise _unavailable(error) from error


# --- Searching ---------------------------------------------------------------------
def _filters(keys: frozenset[str], kinds: Iterable[str], facets: Iterable[str] = ()) -> list[dict]:
    clauses = [{"terms": {"kind": list(kinds)}}, {"terms": {"access": sorted(keys)}}]
    clauses += [{"term": {"facets": value}} for value in facets]
    return clauses


def _words(parsed: ParsedQuery) -> list[dict]:
    """One dis_max per word (its best alternative in the best field); every word must match."""
    must = []
    for word in searchable_words(parsed):
        alternatives = []
        for field in TEXT_FIELDS:
            weight = FIELD_WEIGHTS[field]
            alternatives += [
                {"term": {field: {"value": term, "boost": quality * weight}}} for term, quality in word.terms.items()
            ]
            alternatives += [
                {
                    "prefix": {
                        field: {"value": prefix, "boost": quality * weight, "rewrite": f"top_terms_{PREFIX_TERMS}"}
                    }
                }
                for prefix, quality in word.prefixes.items()
            ]
        must.append({"dis_max": {"queries": alternatives}})
    return must


def _search(**body) -> dict:
    try:
        return client().search(index=_alias(), **body)
    except UNAVAILABLE as error:
        raise _unavailable(error) from error


def search(
    parsed: ParsedQuery, keys: frozenset[str], kind: str, facets: Iterable[str], limit: int, offset: int = 0
) -> tuple[list[tuple[dict, float]], int]:
    query = {"bool": {"filter": _filters(keys, [kind], facets), "must": _words(parsed)}}
    sort = ([{"_score": "desc"}] if not parsed.is_empty else []) + [
        {"created": {"order": "desc", "missing": "_last"}},
        {"object_id": "asc"},
    ]
    response = _search(
        query=query, sort=sort, size=limit, from_=offset, track_total_hits=True, track_scores=True, source=["data"]
    )
    hits = [(hit["_source"]["data"], round(hit["_score"] or 0.0, 4)) for hit in response["hits"]["hits"]]
    return hits, response["hits"]["total"]["value"]


def counts(parsed: ParsedQuery, keys: frozenset[str], kinds: Iterable[str]) -> dict[str, int]:
    kinds = list(kinds)
    query = {"bool": {"filter": _filters(keys, kinds), "must": _words(parsed)}}
    response = _search(
        query=query,
        size=0,
        track_total_hits=False,
        aggs={"kinds": {"terms": {"field": "kind", "size": len(kinds) or 1}}},
    )
    found = {bucket["key"]: bucket["doc_count"] for bucket in response["aggregations"]["kinds"]["buckets"]}
    return {kind: found.get(kind, 0) for kind in kinds}


def suggest(words: list[str], keys: frozenset[str], kinds: Iterable[str], limit: int) -> list[dict]:
    found = []
    for kind in kinds:
        query = {"bool": {"filter": [*_filters(keys, [kind]), *({"prefix": {"name": word}} for word in words)]}}
        response = _search(
            query=query, sort=[{"title_sort": "asc"}], size=limit, track_total_hits=False, source=["data"]
        )
        found += [hit["_source"]["data"] for hit in response["hits"]["hits"]]
    return found

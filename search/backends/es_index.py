"""The Elasticsearch people index: its mapping, the client, and the index lifecycle.

Only server-core features: the whitespace analyzer over tokens analysed in Python,
a standard-tokenizer + lowercase analyzer for fuzzy names, BM25 similarities without
length normalisation. Indices are named `{prefix}-people-<timestamp>` and reached
through the alias `{prefix}-people`, so a rebuild can swap them without downtime.
"""

from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from elasticsearch import Elasticsearch
from elasticsearch_dsl import Boolean, Date, Document, Index, Keyword, Long, Object, Text, analyzer

from search.fields import DEFAULT_K1, FIELD_K1
from search.filters import skill_strengths
from search.freshness import confirmed_values
from search.visibility import organisation_only

person_name = analyzer("person_name", tokenizer="standard", filter=["lowercase"])
# b = 0: a long "I can help with" text or many skills is not evidence against a person.
SIMILARITIES = {
    "flat_bm25": {"type": "BM25", "k1": DEFAULT_K1, "b": 0.0},
    "skills_bm25": {"type": "BM25", "k1": FIELD_K1["skills"], "b": 0.0},
}


class PersonDocument(Document):
    profile_id = Long()
    key = Keyword()
    is_guest = Boolean()
    active = Boolean()
    former = Boolean()  # former staff: staff find them, ranked below current colleagues (sorted first)
    name_sort = Keyword()  # the folded name: browsing by filters alone is ordered by name
    # "<skill key>#<evidence>" (search.filters.skill_strengths): browsing by the skill filter alone.
    skill_strengths = Keyword()
    # "<skill key>#<confirmed ISO date>": freshness decided at query time by a range (search.freshness).
    skill_confirmed = Keyword()
    guest_skill_confirmed = Keyword()
    group_ids = Long()
    # The folded name; index_prefixes (core, max_chars under 20) serves type-ahead prefixes.
    name = Text(analyzer=person_name, similarity="flat_bm25", index_prefixes={"min_chars": 1, "max_chars": 19})
    skills = Text(analyzer="whitespace", similarity="skills_bm25")
    guest_skills = Text(analyzer="whitespace", similarity="skills_bm25")  # the skills shown to guests
    help_with = Text(analyzer="whitespace", similarity="flat_bm25")
    title = Text(analyzer="whitespace", similarity="flat_bm25")
    organisation = Text(analyzer="whitespace", similarity="flat_bm25")
    unit = Text(analyzer="whitespace", similarity="flat_bm25")
    bio = Text(analyzer="whitespace", similarity="flat_bm25")
    groups = Text(analyzer="whitespace", similarity="flat_bm25")  # public groups the person wrote in
    # Organisations dealt with: "<audience marker>|<token>" (search.network), matched per searcher.
    dealt_with = Text(analyzer="whitespace", similarity="flat_bm25")
    away_until = Date(format="strict_date")
    indexed_at = Date()  # when this document was written: the health check's index lag
    # Facets (search.filters)
    organisation_key = Keyword()
    unit_key = Keyword()
    skill_keys = Keyword()
    guest_skill_keys = Keyword()
    # Searched fields the person restricted to their own organisation (search.visibility).
    organisation_only = Keyword()
    languages = Keyword()
    data = Object(enabled=False)  # the person document itself, for results and reasons


def _options() -> dict:
    return {name: value for name, value in settings.ELASTICSEARCH_OPTIONS.items() if value is not None}


@lru_cache(maxsize=8)
def _client(url: str, options: tuple) -> Elasticsearch:
    return Elasticsearch(url, **dict(options))


def client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, tuple(sorted(_options().items())))


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX.lower()}-people"


def new_index_name() -> str:
    return f"{alias_name()}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"


def create_index(name: str) -> None:
    index = Index(name)
    # One shard is plenty for a directory of people; a second node gets a replica.
    index.settings(number_of_shards=1, auto_expand_replicas="0-1", similarity=SIMILARITIES)
    index.document(PersonDocument)
    index.create(using=client())


def indices_behind_alias() -> list[str]:
    es = client()
    if not es.indices.exists_alias(name=alias_name()):
        return []
    return sorted(es.indices.get_alias(name=alias_name()).keys())


_ensured: set[str] = set()


def ensure_index() -> str:
    """The alias, created with its first index on first use."""
    alias = alias_name()
    if alias in _ensured:
        return alias
    es = client()
    if not es.indices.exists_alias(name=alias):
        name = new_index_name()
        create_index(name)
        # Another process may have won the race meanwhile: keep theirs.
        if es.indices.exists_alias(name=alias):
            es.indices.delete(index=name)
        else:
            es.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
    _ensured.add(alias)
    return alias


def forget_ensured() -> None:
    _ensured.clear()


def swap_alias(new_index: str) -> list[str]:
    """Point the alias at new_index in one atomic step; returns the indices it left."""
    old = indices_behind_alias()
    actions = [{"remove": {"index": name, "alias": alias_name()}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias_name()}})
    client().indices.update_aliases(actions=actions)
    _ensured.add(alias_name())
    return [name for name in old if name != new_index]


def to_source(doc: dict, terms: dict) -> dict:
    """The indexed form of a person document: token strings per field, plus the document."""
    source = {
        "profile_id": doc["profile_id"],
        "key": doc["key"],
        "is_guest": doc["is_guest"],
        "active": doc["active"],
        "former": bool(doc.get("former")),
        "name_sort": doc.get("name_folded", "").lower(),
        "skill_strengths": [f"{key}#{strength}" for key, strength in skill_strengths(doc).items()],
        "skill_confirmed": confirmed_values(doc),
        "guest_skill_confirmed": confirmed_values(doc, guests_only=True),
        "group_ids": doc["group_ids"],
        "name": doc["name_folded"],
        "away_until": doc.get("away_until"),
        "indexed_at": timezone.now().isoformat(),
        "organisation_key": doc["organisation"]["key"],
        "unit_key": doc.get("unit_key", ""),
        "skill_keys": [skill["key"] for skill in doc["skills"]],
        "guest_skill_keys": [skill["key"] for skill in doc["skills"] if skill.get("shown_to_guests")],
        "organisation_only": organisation_only(doc),
        "languages": list(doc.get("languages", [])),
        "data": doc,
    }
    for field, counts in terms.items():
        if field != "name":
            source[field] = " ".join(token for token, count in sorted(counts.items()) for _ in range(count))
    return source

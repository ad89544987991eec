"""Skill freshness at query time, the same in both backends (nothing is frozen at index time).

A query word earns FRESH_BONUS x the quality of its best alternative (search.query) from a person who
holds a skill that the word matches (by any of its labels or synonyms) and that was confirmed within
FRESH_DAYS of today. Which taxonomy skills a word
matches is worked out in Python from the skills table; the person's confirmation dates are stored
beside the document: Elasticsearch as keywords "<skill key>#<ISO date>" in `skill_confirmed` (and
`guest_skill_confirmed`, the skills shown to guests), where a `range` from "<key>#<fresh since>"
selects the fresh ones (ISO dates sort as text); the database backend in its audience column.
"""

from functools import lru_cache

from people.models import Skill
from search.fields import FRESH_BONUS, fresh_since, skill_tokens
from search.query import ParsedQuery

# A date after every real one: the upper end of a key's range.
LAST_DAY = "9999-12-31"


@lru_cache(maxsize=4096)
def _tokens(key: str, fi: str, sv: str, en: str, synonyms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(skill_tokens({"labels": {"fi": fi, "sv": sv, "en": en}, "synonyms": list(synonyms)}))


def _quality(word, tokens: frozenset[str]) -> float:
    """The best alternative of the word among a skill's tokens (0: no match)."""
    best = max((quality for term, quality in word.terms.items() if term in tokens), default=0.0)
    for prefix, quality in word.prefixes.items():
        if quality > best and any(token.startswith(prefix) for token in tokens):
            best = quality
    return best


def matching_skills(parsed: ParsedQuery) -> list[dict[str, float]]:
    """Per query word, the taxonomy skills it matches: key -> quality of the match."""
    if parsed.is_empty:
        return []
    skills = [
        (key, _tokens(key, fi, sv, en, tuple(synonyms or ())))
        for key, fi, sv, en, synonyms in Skill.objects.values_list(
            "key", "label_fi", "label_sv", "label_en", "synonyms"
        )
    ]
    per_word = []
    for word in parsed.words:
        qualities = {key: _quality(word, tokens) for key, tokens in skills}
        per_word.append({key: quality for key, quality in sorted(qualities.items()) if quality})
    return per_word


def confirmed_values(doc: dict, guests_only: bool = False) -> list[str]:
    """`<key>#<confirmed>` of the person's confirmed skills (for Elasticsearch)."""
    return [
        f"{skill['key']}#{skill['confirmed']}"
        for skill in doc["skills"]
        if skill.get("confirmed") and (skill.get("shown_to_guests") or not guests_only)
    ]


def confirmed_dates(doc: dict) -> dict[str, str]:
    """Skill key -> confirmed date (for the database backend's audience column)."""
    return {skill["key"]: skill["confirmed"] for skill in doc["skills"] if skill.get("confirmed")}


def bonus(per_word: list[dict[str, float]], confirmed: dict[str, str], visible_keys, since: str | None = None) -> float:
    """The database backend: per word, FRESH_BONUS x the best quality among fresh, visible matching skills."""
    since = since or fresh_since()
    visible = set(visible_keys)
    return sum(
        FRESH_BONUS
        * max(
            (quality for key, quality in keys.items() if key in visible and confirmed.get(key, "") >= since),
            default=0.0,
        )
        for keys in per_word
    )


def elasticsearch_clauses(per_word: list[dict[str, float]], guest: bool, since: str | None = None) -> list[dict]:
    """Elasticsearch: per word, a dis_max of one constant_score per match quality, named `fresh#<word>`."""
    since = since or fresh_since()
    field = "guest_skill_confirmed" if guest else "skill_confirmed"
    clauses = []
    for index, keys in enumerate(per_word):
        by_quality: dict[float, list[str]] = {}
        for key, quality in keys.items():
            by_quality.setdefault(quality, []).append(key)
        scored = [
            {
                "constant_score": {
                    "filter": {
                        "bool": {
                            "should": [
                                {"range": {field: {"gte": f"{key}#{since}", "lte": f"{key}#{LAST_DAY}"}}}
                                for key in group
                            ],
                            "minimum_should_match": 1,
                        }
                    },
                    "boost": FRESH_BONUS * quality,
                }
            }
            for quality, group in sorted(by_quality.items())
        ]
        if scored:
            clauses.append({"dis_max": {"queries": scored, "_name": f"fresh#{index}"}})
    return clauses


def browse_bonus(confirmed: dict[str, str], skill_key: str, since: str | None = None) -> int:
    """Browsing by the skill filter: one more for a fresh skill."""
    return 1 if confirmed.get(skill_key, "") >= (since or fresh_since()) else 0

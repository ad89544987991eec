"""The searchable fields of a person and their weights: one table for both backends.

Each text field holds the tokens of search.analysis. A skill's tokens are repeated
2 x level - 1 times (level 4 = seven times), plus one or two when colleagues endorsed it,
so level and endorsements raise the score through term frequency; the skills field
saturates slowly (large k1) so that each level counts. Freshness (confirmed within
FRESH_DAYS) is decided at query time, not at index time: FRESH_BONUS per query word that
matches a fresh skill (search.freshness), so no periodic rebuild is needed.
"""

from collections import Counter
from datetime import date, timedelta

from django.utils import timezone

from search import analysis, network
from search.network import marker_term

# Skills and "I can help with" are evidence of expertise; title less; name is for look-ups.
FIELD_WEIGHTS: dict[str, float] = {
    "skills": 3.0,
    "guest_skills": 3.0,  # the skills shown to guests: the only skills a guest searches
    "help_with": 3.0,
    "title": 1.5,
    "name": 8.0,
    "organisation": 0.5,
    "unit": 0.5,
    "bio": 0.5,
    "groups": 1.0,
    # Organisations dealt with (contacts, interactions): each token under the audience markers
    # that may see it (search.network), so a searcher matches only the evidence they may see.
    "dealt_with": 10.0,
}
DEALT_WITH_FIELD = "dealt_with"
TEXT_FIELDS = ("skills", "help_with", "title", "organisation", "unit", "bio", "groups", DEALT_WITH_FIELD)
# Guests see only name, organisation, title and the skills shown to guests (people.visibility).
GUEST_TEXT_FIELDS = ("guest_skills", "title", "organisation")
# Text fields a person may restrict to their own organisation (search.visibility decides).
RESTRICTABLE_TEXT_FIELDS = ("help_with", "unit", "bio")
NAME_FIELD = "name"

# BM25 without length normalisation (b = 0): score = idf * tf * (k1 + 1) / (tf + k1).
DEFAULT_K1 = 1.2
FIELD_K1 = {"skills": 10.0, "guest_skills": 10.0}
# A skill confirmed within this many days counts as fresh: FRESH_BONUS per query word it matches.
FRESH_DAYS = 548
FRESH_BONUS = 1.5
# Endorsed by colleagues: one more repetition, two from this many endorsements.
MANY_ENDORSEMENTS = 3

# How much an inexact match is worth against an exact one.
PREFIX_QUALITY = 0.5  # Finnish stem prefix: Snowball alone leaves "hankino" and "hankin" apart
COMPOUND_PART_QUALITY = 0.6  # a query word's compound part matches the same part in the index
SIMPLE_PART_QUALITY = 0.5  # a query compound's part matches a simple word in the index
NAME_EXACT_SCORE = 1.0
NAME_FUZZY_SCORE = 0.6


def k1(field: str) -> float:
    return FIELD_K1.get(field, DEFAULT_K1)


def skill_tokens(skill: dict) -> set[str]:
    """Distinct tokens of a skill's labels in every language and its synonyms."""
    texts = [*skill["labels"].values(), *skill.get("synonyms", [])]
    return {token for text in texts for token in analysis.text_tokens(text)}


def is_fresh(skill: dict, today: date | None = None) -> bool:
    confirmed = skill.get("confirmed")
    if not confirmed:
        return False
    today = today or timezone.localdate()
    return date.fromisoformat(confirmed) >= today - timedelta(days=FRESH_DAYS)


def endorsement_bonus(skill: dict) -> int:
    endorsed = skill.get("endorsements", 0)
    return 0 if not endorsed else (2 if endorsed >= MANY_ENDORSEMENTS else 1)


def fresh_since(today: date | None = None) -> str:
    """The oldest confirmation date that is still fresh, as an ISO date."""
    return ((today or timezone.localdate()) - timedelta(days=FRESH_DAYS)).isoformat()


def skill_repetitions(skill: dict) -> int:
    return 2 * skill["level"] - 1 + endorsement_bonus(skill)


def alternatives(word, field: str, markers: tuple[str, ...] = ()) -> tuple[dict[str, float], dict[str, float]]:
    """A query word's (terms, prefixes) in a field: in dealt_with, under each marker the searcher holds."""
    if field != DEALT_WITH_FIELD:
        return word.terms, word.prefixes

    return (
        {marker_term(marker, term): quality for marker in markers for term, quality in word.terms.items()},
        {marker_term(marker, prefix): quality for marker in markers for prefix, quality in word.prefixes.items()},
    )


def document_terms(doc: dict) -> dict[str, Counter]:
    """Field -> token -> term frequency for one person document (nothing here depends on the date)."""
    skills: Counter = Counter()
    guest_skills: Counter = Counter()
    for skill in doc["skills"]:
        repetitions = skill_repetitions(skill)
        for token in skill_tokens(skill):
            skills[token] += repetitions
            if skill.get("shown_to_guests"):
                guest_skills[token] += repetitions
    groups_text = " ".join(f"{group['name']} {group['description']}" for group in doc.get("active_in", []))
    terms = {
        "skills": skills,
        "guest_skills": guest_skills,
        "help_with": Counter(analysis.text_tokens(doc["help_with"])),
        "title": Counter(analysis.text_tokens(doc["title"])),
        "organisation": Counter(analysis.text_tokens(doc["organisation"]["name"])),
        "unit": Counter(analysis.text_tokens(doc.get("unit") or "")),
        "bio": Counter(analysis.text_tokens(doc["bio"])),
        "groups": Counter(analysis.text_tokens(groups_text)),
        NAME_FIELD: Counter(analysis.name_terms(doc["name"])),
        DEALT_WITH_FIELD: Counter(network.terms(doc.get("dealt_with", []))),
    }
    return {field: counts for field, counts in terms.items() if counts}

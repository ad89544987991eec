"""The searchable fields of a person and their weights: one table for both backends.

Each text field holds the tokens of search.analysis. A skill's tokens are repeated
twice per level (level 4 = eight times), once less when the skill has not been
confirmed recently, so level and freshness raise the score through term frequency;
the skills field saturates slowly (large k1) so that each level counts.
"""

from collections import Counter
from datetime import date, timedelta

from django.utils import timezone

from search import analysis

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
}
TEXT_FIELDS = ("skills", "help_with", "title", "organisation", "unit", "bio", "groups")
# Guests see only name, organisation, title and the skills shown to guests (people.visibility).
GUEST_TEXT_FIELDS = ("guest_skills", "title", "organisation")
# Text fields a person may restrict to their own organisation (search.visibility decides).
RESTRICTABLE_TEXT_FIELDS = ("help_with", "unit", "bio")
NAME_FIELD = "name"

# BM25 without length normalisation (b = 0): score = idf * tf * (k1 + 1) / (tf + k1).
DEFAULT_K1 = 1.2
FIELD_K1 = {"skills": 10.0, "guest_skills": 10.0}
# A skill confirmed within this many days counts as fresh (one more repetition).
FRESH_DAYS = 548

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


def skill_repetitions(skill: dict, today: date | None = None) -> int:
    return 2 * skill["level"] - (0 if is_fresh(skill, today) else 1)


def document_terms(doc: dict, today: date | None = None) -> dict[str, Counter]:
    """Field -> token -> term frequency for one person document (freshness as of `today`)."""
    skills: Counter = Counter()
    guest_skills: Counter = Counter()
    for skill in doc["skills"]:
        repetitions = skill_repetitions(skill, today)
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
    }
    return {field: counts for field, counts in terms.items() if counts}

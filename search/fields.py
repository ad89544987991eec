"""The searchable fields of a person and their weights: one table for both backends.

Each text field holds the tokens of search.analysis. A skill's tokens are repeated
once per level (level 4 = four times), so the level raises the score through term
frequency; the skills field saturates slowly (large k1) so that each level counts.
"""

from collections import Counter

from search import analysis

# Skills and "I can help with" are evidence of expertise; title less; name is for look-ups.
FIELD_WEIGHTS: dict[str, float] = {
    "skills": 3.0,
    "help_with": 3.0,
    "title": 1.5,
    "name": 3.0,
    "organisation": 0.5,
    "bio": 0.5,
}
TEXT_FIELDS = ("skills", "help_with", "title", "organisation", "bio")
NAME_FIELD = "name"

# BM25 without length normalisation (b = 0): score = idf * tf * (k1 + 1) / (tf + k1).
DEFAULT_K1 = 1.2
FIELD_K1 = {"skills": 5.0}

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


def document_terms(doc: dict) -> dict[str, Counter]:
    """Field -> token -> term frequency for one person document."""
    skills: Counter = Counter()
    for skill in doc["skills"]:
        for token in skill_tokens(skill):
            skills[token] += skill["level"]
    organisation_text = " ".join(filter(None, [doc["organisation"]["name"], doc.get("unit") or ""]))
    terms = {
        "skills": skills,
        "help_with": Counter(analysis.text_tokens(doc["help_with"])),
        "title": Counter(analysis.text_tokens(doc["title"])),
        "organisation": Counter(analysis.text_tokens(organisation_text)),
        "bio": Counter(analysis.text_tokens(doc["bio"])),
        NAME_FIELD: Counter(analysis.name_terms(doc["name"])),
    }
    return {field: counts for field, counts in terms.items() if counts}

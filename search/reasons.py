"""Why a person was found, in words a person can read. Shared by both backends: a
backend says which fields matched, this module says what in them matched."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from search import analysis
from search.fields import skill_tokens
from search.query import ParsedQuery

SNIPPET_CONTEXT = 40


def _matches(query: ParsedQuery, tokens) -> bool:
    tokens = set(tokens)
    return any(word.matches(tokens) for word in query.words)


def snippet(text: str, query: ParsedQuery) -> str:
    """The part of the text around the first matching word, with ellipses where cut."""
    for word, start, end in analysis.word_spans(text):
        if _matches(query, analysis.word_tokens(word)):
            left = max(0, start - SNIPPET_CONTEXT)
            right = min(len(text), end + SNIPPET_CONTEXT)
            return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")
    return text[: 2 * SNIPPET_CONTEXT] + ("…" if len(text) > 2 * SNIPPET_CONTEXT else "")


def skill_label(skill: dict) -> str:
    language = (get_language() or "fi")[:2]
    return skill["labels"].get(language) or skill["labels"]["en"]


def explain(doc: dict, query: ParsedQuery, matched_fields: set[str]) -> list[str]:
    reasons: list[str] = []
    if "skills" in matched_fields:
        for skill in doc["skills"]:  # highest level first
            if _matches(query, skill_tokens(skill)):
                reasons.append(_("Skill: %(skill)s (level %(level)s)") % {"skill": skill_label(skill),
                                                                            "level": skill["level"]})
    if "help_with" in matched_fields and doc["help_with"]:
        reasons.append(_("Can help with: %(text)s") % {"text": snippet(doc["help_with"], query)})
    if "title" in matched_fields:
        reasons.append(_("Title matches"))
    if "name" in matched_fields:
        reasons.append(_("Name matches"))
    if "organisation" in matched_fields:
        reasons.append(_("Organisation or unit matches"))
    if "bio" in matched_fields and doc["bio"]:
        reasons.append(_("About me mentions: %(text)s") % {"text": snippet(doc["bio"], query)})
    return reasons

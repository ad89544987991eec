"""Why a person was found, in words a person can read. Shared by both backends: a
backend says which fields matched, this module says what in them matched."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from search import analysis, ranking
from search.fields import is_fresh, skill_tokens
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


def _day(iso: str) -> str:
    return date_format(date.fromisoformat(iso), "SHORT_DATE_FORMAT")


def availability(doc: dict, audience=None) -> str | None:
    until = ranking.away_until(doc)
    if not until:
        return None
    stand_in = ranking.visible_stand_in(doc, audience)
    if stand_in:
        return _("Out of office until %(date)s, ask %(name)s instead") % {"date": _day(until),
                                                                          "name": stand_in["name"]}
    return _("Out of office until %(date)s") % {"date": _day(until)}


def answers(evidence, query: ParsedQuery) -> str:
    topic = " ".join(word.text for word in query.words)
    text = ngettext("Answered %(count)d question about “%(topic)s”",
                    "Answered %(count)d questions about “%(topic)s”",
                    evidence.questions) % {"count": evidence.questions, "topic": topic}
    if evidence.accepted:
        text += ngettext(", %(count)d answer accepted", ", %(count)d answers accepted",
                         evidence.accepted) % {"count": evidence.accepted}
    return text


def explain(doc: dict, query: ParsedQuery, matched_fields: set[str], evidence=None, audience=None) -> list[str]:
    """Reasons from the fields that matched; `doc` is already redacted for the searcher
    (search.visibility.redact), so hidden fields are empty and quote nothing."""
    reasons: list[str] = []
    away = availability(doc, audience)
    if away:
        reasons.append(away)
    if evidence is not None:
        reasons.append(answers(evidence, query))
    if matched_fields & {"skills", "guest_skills"}:
        for skill in doc["skills"]:  # highest level first
            if _matches(query, skill_tokens(skill)):
                values = {"skill": skill_label(skill), "level": skill["level"]}
                if is_fresh(skill):
                    values["date"] = _day(skill["confirmed"])
                    reasons.append(_("Skill: %(skill)s (level %(level)s, confirmed %(date)s)") % values)
                else:
                    reasons.append(_("Skill: %(skill)s (level %(level)s)") % values)
    if "help_with" in matched_fields and doc["help_with"]:
        reasons.append(_("Can help with: %(text)s") % {"text": snippet(doc["help_with"], query)})
    if "title" in matched_fields:
        reasons.append(_("Title matches"))
    if "name" in matched_fields:
        reasons.append(_("Name matches"))
    if matched_fields & {"organisation", "unit"}:
        reasons.append(_("Organisation or unit matches"))
    if "bio" in matched_fields and doc["bio"]:
        reasons.append(_("About me mentions: %(text)s") % {"text": snippet(doc["bio"], query)})
    if "groups" in matched_fields:
        for group in doc.get("active_in", []):
            if _matches(query, analysis.text_tokens(f"{group['name']} {group['description']}")):
                reasons.append(_("Active in the group %(name)s") % {"name": group["name"]})
    return reasons

"""Why a person was found, in words a person can read. Shared by both backends: a
backend says which fields matched, this module says what in them matched."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from search import analysis, network
from search.availability import away_until, visible_stand_in
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
    until = away_until(doc)
    if not until:
        return None
    stand_in = visible_stand_in(doc, audience)
    if stand_in:
        return _("Out of office until %(date)s, ask %(name)s instead") % {"date": _day(until), "name": stand_in["name"]}
    return _("Out of office until %(date)s") % {"date": _day(until)}


def answers(evidence, query: ParsedQuery) -> str:
    topic = " ".join(word.text for word in query.words)
    text = ngettext(
        "Answered %(count)d question about “%(topic)s”",
        "Answered %(count)d questions about “%(topic)s”",
        evidence.questions,
    ) % {"count": evidence.questions, "topic": topic}
    if evidence.accepted:
        text += ngettext(", %(count)d answer accepted", ", %(count)d answers accepted", evidence.accepted) % {
            "count": evidence.accepted
        }
    return text


def former_staff(doc: dict) -> str | None:
    """ "Former staff", and whom to ask instead when the searcher may find the successor (the
    document is redacted: a successor the searcher may not find is already gone)."""
    if not doc.get("former"):
        return None
    successor = doc.get("successor")
    if successor:
        return _("Former staff, ask instead: %(name)s") % {"name": successor["name"]}
    return _("Former staff")


def skill(held: dict) -> str:
    values = {"skill": skill_label(held), "level": held["level"]}
    if is_fresh(held):
        values["date"] = _day(held["confirmed"])
        text = _("Skill: %(skill)s (level %(level)s, confirmed %(date)s)") % values
    else:
        text = _("Skill: %(skill)s (level %(level)s)") % values
    endorsed = held.get("endorsements", 0)
    if endorsed:
        text += ngettext(", endorsed by %(count)d colleague", ", endorsed by %(count)d colleagues", endorsed) % {
            "count": endorsed
        }
    return text


def dealt_with(summary: dict) -> str:
    """ "Has dealt with City of Espoo: 1 contact, 3 interactions, latest March 2026"."""
    parts = []
    if summary["contacts"]:
        parts.append(
            ngettext("%(count)d contact", "%(count)d contacts", summary["contacts"]) % {"count": summary["contacts"]}
        )
    if summary["interactions"]:
        parts.append(
            ngettext("%(count)d interaction", "%(count)d interactions", summary["interactions"])
            % {"count": summary["interactions"]}
        )
    month = date_format(date.fromisoformat(summary["latest"]), "YEAR_MONTH_FORMAT")
    return _("Has dealt with %(organisation)s: %(evidence)s, latest %(month)s") % {
        "organisation": summary["name"],
        "evidence": ", ".join(parts),
        "month": month,
    }


def stand_in_for(name: str, until: str) -> str:
    return _("Stand-in for %(name)s, away until %(date)s") % {"name": name, "date": _day(until)}


def browse(doc: dict, skill_key: str = "", audience=None) -> list[str]:
    """Reasons of a person found by filters alone: former staff, availability, the chosen skill."""
    reasons = [reason for reason in (former_staff(doc), availability(doc, audience)) if reason]
    reasons += [skill(held) for held in doc["skills"] if skill_key and held["key"] == skill_key]
    return reasons


def explain(doc: dict, query: ParsedQuery, matched_fields: set[str], evidence=None, audience=None) -> list[str]:
    """Reasons from the fields that matched; `doc` is already redacted for the searcher
    (search.visibility.redact), so hidden fields are empty and quote nothing."""
    reasons: list[str] = []
    former = former_staff(doc)
    if former:
        reasons.append(former)
    away = availability(doc, audience)
    if away:
        reasons.append(away)
    if evidence is not None:
        reasons.append(answers(evidence, query))
    if matched_fields & {"skills", "guest_skills"}:
        for held in doc["skills"]:  # highest level first
            if _matches(query, skill_tokens(held)):
                reasons.append(skill(held))
    if "dealt_with" in matched_fields:
        for summary in network.visible_summary(doc.get("dealt_with", [])):
            if _matches(query, network.organisation_tokens(summary)):
                reasons.append(dealt_with(summary))
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

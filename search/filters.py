"""Filters (facets) on people search: municipality or organisation, unit, skill, language,
available now, staff or guest. Both backends apply the same rules; unknown values are refused
with a message by `unknown_values` before any search runs."""

from dataclasses import dataclass, fields, replace

from django.utils.translation import gettext as _

from people.models import Organisation, Skill, Unit
from people.models.profiles import LANGUAGE_CHOICES
from search.fields import skill_repetitions
from search.visibility import elasticsearch_field_filter, sees_field

KINDS = ("staff", "guest")


@dataclass(frozen=True)
class Filters:
    organisation: str = ""  # organisation key
    unit: str = ""  # unit key
    skill: str = ""  # skill key
    language: str = ""  # language code
    available: bool = False  # not out of office today
    kind: str = ""  # "staff" or "guest"

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, item.name) for item in fields(self))


NONE = Filters()


def facet_values(doc: dict) -> dict:
    """What the filters read from a person document (stored beside it in both backends)."""
    return {
        "organisation": doc["organisation"]["key"],
        "unit": doc.get("unit_key", ""),
        "skills": [skill["key"] for skill in doc["skills"]],
        "languages": list(doc.get("languages", [])),
        "guest_skills": [skill["key"] for skill in doc["skills"] if skill.get("shown_to_guests")],
    }


def skill_strengths(doc: dict) -> dict[str, int]:
    """Skill key -> evidence (the skill's repetitions: level, freshness, endorsements): the order of
    people browsed by the skill filter alone."""

    return {skill["key"]: skill_repetitions(skill) for skill in doc["skills"]}


def browse_score(data: dict, filters: "Filters") -> int:
    return data.get("skill_strengths", {}).get(filters.skill, 0) if filters.skill else 0


# Facets on fields guests never see (people.visibility): ignored for guests, and not counted.
GUEST_HIDDEN = ("unit", "language", "available")


def for_audience(filters: Filters, audience) -> Filters:
    """Guests may not filter on unit, language or availability: those filters are ignored."""
    if not audience.is_guest:
        return filters
    return replace(filters, unit="", language="", available=False)


def visible_values(data: dict, audience) -> dict:
    """The stored facet values as the searcher may see them: a hidden unit or language is unknown,
    hidden availability counts as not away (no hint either way), guests see only guest skills."""

    seen = dict(data)
    if not sees_field(audience, data, "unit"):
        seen["unit"] = ""
    if not sees_field(audience, data, "languages"):
        seen["languages"] = []
    if not sees_field(audience, data, "availability"):
        seen["away_until"] = None
    if audience.is_guest and audience.profile_id != data.get("profile_id"):
        seen["skills"] = data.get("guest_skills", [])
    return seen


def hide_counts(counts: dict, audience) -> dict:
    if audience.is_guest:
        counts.update(unit={}, language={}, available=0)
    return counts


def unknown_values(filters: Filters) -> list[str]:
    """Messages for filter values that do not exist (the search then finds nobody)."""
    problems = []
    if filters.organisation and not Organisation.objects.filter(key=filters.organisation).exists():
        problems.append(_("Unknown municipality or organisation: %(value)s") % {"value": filters.organisation})
    if filters.unit and not Unit.objects.filter(key=filters.unit).exists():
        problems.append(_("Unknown unit: %(value)s") % {"value": filters.unit})
    if filters.skill and not Skill.objects.filter(key=filters.skill).exists():
        problems.append(_("Unknown skill: %(value)s") % {"value": filters.skill})
    if filters.language and filters.language not in dict(LANGUAGE_CHOICES):
        problems.append(_("Unknown language: %(value)s") % {"value": filters.language})
    if filters.kind and filters.kind not in KINDS:
        problems.append(_("Unknown kind of person: %(value)s (use staff or guest)") % {"value": filters.kind})
    return problems


def allows(filters: Filters, data: dict, today: str) -> bool:
    """The filters on one document's stored facet values (the database backend)."""
    if filters.organisation and data.get("organisation") != filters.organisation:
        return False
    if filters.unit and data.get("unit") != filters.unit:
        return False
    if filters.skill and filters.skill not in data.get("skills", []):
        return False
    if filters.language and filters.language not in data.get("languages", []):
        return False
    if filters.available and not is_available(data, today):
        return False
    if filters.kind and data.get("is_guest") != (filters.kind == "guest"):
        return False
    return True


def is_available(data: dict, today: str) -> bool:
    """Not out of office today (as far as the searcher may know), and not former staff."""
    return not data.get("former") and not (data.get("away_until") or "") >= today


def _visible(clause: dict, audience, name: str) -> dict:
    """clause, limited to documents whose field `name` the searcher may see."""

    if audience is None:
        return clause
    visible = elasticsearch_field_filter(audience, name)
    return clause if visible is None else {"bool": {"filter": [clause, visible]}}


def skills_field(audience) -> str:
    guest = audience is not None and audience.is_guest
    return "guest_skill_keys" if guest else "skill_keys"


def away_clause(today: str, audience=None) -> dict:
    """Away today, as far as the searcher may know (hidden availability is unknown, not away)."""
    return _visible({"range": {"away_until": {"gte": today}}}, audience, "availability")


def available_clause(today: str, audience=None) -> dict:
    return {"bool": {"must_not": [away_clause(today, audience), {"term": {"former": True}}]}}


def elasticsearch_clauses(filters: Filters, today: str, audience=None) -> list[dict]:
    """The same filters as Elasticsearch filter clauses."""
    clauses = []
    if filters.organisation:
        clauses.append({"term": {"organisation_key": filters.organisation}})
    if filters.unit:
        clauses.append(_visible({"term": {"unit_key": filters.unit}}, audience, "unit"))
    if filters.skill:
        clauses.append({"term": {skills_field(audience): filters.skill}})
    if filters.language:
        clauses.append(_visible({"term": {"languages": filters.language}}, audience, "languages"))
    if filters.available:
        clauses.append(available_clause(today, audience))
    if filters.kind:
        clauses.append({"term": {"is_guest": filters.kind == "guest"}})
    return clauses


# Facet counts: how many of the matching people (after visibility and filters) have each value.
FACET_SIZE = 200


def empty_counts() -> dict:
    return {"organisation": {}, "unit": {}, "skill": {}, "language": {}, "kind": {}, "available": 0}


def count_into(counts: dict, data: dict, today: str) -> None:
    """Add one matching document's values (the database backend)."""
    for facet, values in (
        ("organisation", [data.get("organisation")]),
        ("unit", [data.get("unit")]),
        ("skill", data.get("skills", [])),
        ("language", data.get("languages", [])),
        ("kind", ["guest" if data.get("is_guest") else "staff"]),
    ):
        for value in values:
            if value:
                counts[facet][value] = counts[facet].get(value, 0) + 1
    if is_available(data, today):
        counts["available"] += 1


def elasticsearch_aggregations(today: str, audience=None) -> dict:
    """Each facet counted only over the documents whose field the searcher may see."""
    terms = {
        "organisation": ("organisation_key", None),
        "unit": ("unit_key", "unit"),
        "skill": (skills_field(audience), None),
        "language": ("languages", "languages"),
    }
    aggs = {}
    for facet, (field, restrictable) in terms.items():
        values = {"terms": {"field": field, "size": FACET_SIZE, "exclude": ""}}
        visible = _visible({"match_all": {}}, audience, restrictable) if restrictable else {"match_all": {}}
        aggs[facet] = {"filter": visible, "aggs": {"values": values}}
    aggs["kind"] = {"terms": {"field": "is_guest", "size": 2}}
    aggs["available"] = {"filter": available_clause(today, audience)}
    return aggs


def counts_from_elasticsearch(aggregations: dict, audience=None) -> dict:
    counts = empty_counts()
    for facet in ("organisation", "unit", "skill", "language"):
        counts[facet] = {bucket["key"]: bucket["doc_count"] for bucket in aggregations[facet]["values"]["buckets"]}
    counts["kind"] = {
        ("guest" if bucket["key"] else "staff"): bucket["doc_count"] for bucket in aggregations["kind"]["buckets"]
    }
    counts["available"] = aggregations["available"]["doc_count"]
    return hide_counts(counts, audience) if audience is not None else counts

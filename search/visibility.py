"""Who may find whom. Both backends apply these rules, and only these.

- Nobody finds an inactive user (they are not indexed, and every query filters them out).
- Anonymous or inactive searchers find nothing.
- A guest finds only people who share a group with them.
- Staff find all staff, and the guests who share a group with them.
- A system operator (management commands) finds every active user.
- Former staff (left, handover done; their account is usually closed) are found by staff and the
  operator only, never by guests.

Which fields of a found person count (match, score, reasons, facets, availability) follows
people.visibility, the one place that decides who sees which profile field:
- guests match only name, title, organisation name and the skills shown to guests;
- staff of another organisation do not get a field the person restricted to their own
  organisation (availability defaults to that): it is treated as empty or unknown;
- colleagues of the same organisation, the person themself and the operator get every field.
"""

from dataclasses import dataclass, field

from groups.queries import member_group_ids, readable_groups
from people.visibility import ORGANISATION, RESTRICTABLE, field_audience

# Network evidence visible to all staff; to the operator only (every entry also carries it).
STAFF_MARKER = "staff"
ANY_MARKER = "any"

# The restrictable profile fields the search reads (people.visibility decides their audience).
SEARCHED_RESTRICTABLE = ("help_with", "bio", "unit", "languages", "availability")


@dataclass(frozen=True)
class Audience:
    """What a searcher may see, computed once per search."""

    nobody: bool = False
    everyone: bool = False
    all_staff: bool = False
    group_ids: frozenset[int] = field(default_factory=frozenset)
    # Groups whose posts and answers count as evidence; None: every group (system operator).
    readable_group_ids: frozenset[int] | None = field(default_factory=frozenset)
    # The searcher's own organisation and profile: fields restricted to an organisation.
    organisation_key: str = ""
    profile_id: int | None = None

    @property
    def is_guest(self) -> bool:
        return not (self.nobody or self.everyone or self.all_staff)

    @property
    def sees_public_groups(self) -> bool:
        """Staff see public groups' names; guests only their own groups."""
        return self.everyone or self.all_staff

    @property
    def sees_former_staff(self) -> bool:
        return self.everyone or self.all_staff

    @property
    def evidence_markers(self) -> tuple[str, ...]:
        """The audience markers of network evidence (contacts, interactions) this searcher holds:
        people.network_queries' contact visibility as tokens (search.network); guests hold none."""
        if self.everyone:
            return (ANY_MARKER,)
        if not self.all_staff:
            return ()
        markers = [STAFF_MARKER]
        if self.organisation_key:
            markers.append(f"o:{self.organisation_key}")
        if self.profile_id is not None:
            markers.append(f"p:{self.profile_id}")
        return tuple(markers)

    def sees_evidence(self, markers) -> bool:
        """Whether an evidence entry with these audience markers is visible to the searcher."""
        return self.everyone or bool(set(self.evidence_markers) & set(markers))


NOBODY = Audience(nobody=True)
SYSTEM = Audience(everyone=True, readable_group_ids=None)


def audience_for(user) -> Audience:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    groups = frozenset(member_group_ids(user))
    readable = frozenset(readable_groups(user).values_list("pk", flat=True))
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    own = {"organisation_key": profile.organisation.key, "profile_id": profile.pk} if profile else {}
    if user.is_guest:
        return Audience(group_ids=groups, readable_group_ids=readable, **own) if groups else NOBODY
    return Audience(all_staff=True, group_ids=groups, readable_group_ids=readable, **own)


def field_audiences(profile) -> dict[str, str]:
    """For the person document: who may see each searched restrictable field."""

    return {name: field_audience(profile, name) for name in SEARCHED_RESTRICTABLE}


def organisation_only(doc: dict) -> list[str]:
    """The searched fields this person restricted to their own organisation (defaults from
    people.visibility for documents indexed before the choice was stored)."""
    chosen = doc.get("field_audiences") or {}
    return [name for name in SEARCHED_RESTRICTABLE if chosen.get(name, RESTRICTABLE[name]) == ORGANISATION]


def _is_self(audience: Audience, doc: dict) -> bool:
    return audience.profile_id is not None and audience.profile_id == doc.get("profile_id")


def _organisation_key(doc: dict) -> str:
    organisation = doc.get("organisation")
    return organisation["key"] if isinstance(organisation, dict) else organisation


def sees_field(audience: Audience, doc: dict, name: str) -> bool:
    """Whether the searcher may see this restrictable field of this person (people.visibility.may_see
    on a person document or the database backend's audience column)."""
    if audience.everyone or _is_self(audience, doc):
        return True
    if audience.is_guest or audience.nobody:
        return False
    if audience.organisation_key and audience.organisation_key == _organisation_key(doc):
        return True
    restricted = doc["organisation_only"] if "organisation_only" in doc else organisation_only(doc)
    return name not in restricted


def redact(doc: dict, audience: Audience) -> dict:
    """The person document with what the searcher may not see removed (reasons and hits read this)."""
    seen = dict(doc)
    if not sees_field(audience, doc, "help_with"):
        seen["help_with"] = ""
    if not sees_field(audience, doc, "bio"):
        seen["bio"] = ""
    if not sees_field(audience, doc, "unit"):
        seen["unit"], seen["unit_key"] = "", ""
    if not sees_field(audience, doc, "languages"):
        seen["languages"] = []
    if not sees_field(audience, doc, "availability"):
        seen["away_until"], seen["stand_in"] = None, None
    if audience.is_guest and not _is_self(audience, doc):
        seen["skills"] = [skill for skill in doc["skills"] if skill.get("shown_to_guests")]
        seen["active_in"] = []
    # Contacts and interactions: only the entries the searcher may see (people.network_queries).
    seen["dealt_with"] = [entry for entry in doc.get("dealt_with", []) if audience.sees_evidence(entry["audience"])]
    successor = doc.get("successor")
    if successor and not sees_person(audience, successor):
        seen["successor"] = None
    return seen


def sees_person(audience: Audience, person: dict) -> bool:
    """For a successor or stand-in ({"key", "name", "is_guest", "findable"}): may the searcher find them?
    Staff find staff (current, and former staff); guests are not pointed at anyone."""
    if not person or not person.get("findable", True):
        return False
    return audience.everyone or (audience.all_staff and not person.get("is_guest"))


def elasticsearch_field_filter(audience: Audience, name: str) -> dict | None:
    """A filter clause: documents whose field `name` the searcher may see (None: all of them)."""
    if audience.everyone:
        return None
    own = []
    if audience.profile_id is not None:
        own.append({"term": {"profile_id": audience.profile_id}})
    if not (audience.is_guest or audience.nobody):
        if audience.organisation_key:
            own.append({"term": {"organisation_key": audience.organisation_key}})
        own.append({"bool": {"must_not": {"term": {"organisation_only": name}}}})
    if not own:
        return {"bool": {"must_not": {"match_all": {}}}}
    return {"bool": {"should": own, "minimum_should_match": 1}}


def allows(audience: Audience, doc: dict) -> bool:
    """The rule on one person document (the database backend filters with it)."""
    if audience.nobody:
        return False
    if doc.get("former"):
        return audience.sees_former_staff
    if not doc.get("active", False):
        return False
    if audience.everyone:
        return True
    if audience.all_staff and not doc["is_guest"]:
        return True
    return bool(audience.group_ids.intersection(doc["group_ids"]))


def elasticsearch_filter(audience: Audience) -> dict:
    """The same rule as an Elasticsearch filter clause (raw query DSL)."""
    active = {"term": {"active": True}}
    former = {"term": {"former": True}}
    if audience.nobody:
        return {"bool": {"must_not": {"match_all": {}}}}
    if audience.everyone:
        return {"bool": {"should": [active, former], "minimum_should_match": 1}}
    may_see = []
    if audience.all_staff:
        may_see.append({"term": {"is_guest": False}})
    if audience.group_ids:
        may_see.append({"terms": {"group_ids": sorted(audience.group_ids)}})
    if not may_see:
        return {"bool": {"must_not": {"match_all": {}}}}
    current = {"bool": {"filter": [active], "must_not": [former], "should": may_see, "minimum_should_match": 1}}
    if audience.sees_former_staff:
        return {"bool": {"should": [current, former], "minimum_should_match": 1}}
    return current

"""Who may find whom. Both backends apply these rules, and only these.

- Nobody finds an inactive user (they are not indexed, and every query filters them out).
- Anonymous or inactive searchers find nothing.
- A guest finds only people who share a group with them.
- Staff find all staff, and the guests who share a group with them.
- A system operator (management commands) finds every active user.
"""

from dataclasses import dataclass, field

from groups.queries import member_group_ids


@dataclass(frozen=True)
class Audience:
    """What a searcher may see, computed once per search."""

    nobody: bool = False
    everyone: bool = False
    all_staff: bool = False
    group_ids: frozenset[int] = field(default_factory=frozenset)


NOBODY = Audience(nobody=True)
SYSTEM = Audience(everyone=True)


def audience_for(user) -> Audience:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    groups = frozenset(member_group_ids(user))
    if user.is_guest:
        return Audience(group_ids=groups) if groups else NOBODY
    return Audience(all_staff=True, group_ids=groups)


def allows(audience: Audience, doc: dict) -> bool:
    """The rule on one person document (the database backend filters with it)."""
    if audience.nobody or not doc.get("active", False):
        return False
    if audience.everyone:
        return True
    if audience.all_staff and not doc["is_guest"]:
        return True
    return bool(audience.group_ids.intersection(doc["group_ids"]))


def elasticsearch_filter(audience: Audience) -> dict:
    """The same rule as an Elasticsearch filter clause (raw query DSL)."""
    active = {"term": {"active": True}}
    if audience.nobody:
        return {"bool": {"must_not": {"match_all": {}}}}
    if audience.everyone:
        return active
    may_see = []
    if audience.all_staff:
        may_see.append({"term": {"is_guest": False}})
    if audience.group_ids:
        may_see.append({"terms": {"group_ids": sorted(audience.group_ids)}})
    if not may_see:
        return {"bool": {"must_not": {"match_all": {}}}}
    return {"bool": {"filter": [active], "should": may_see, "minimum_should_match": 1}}

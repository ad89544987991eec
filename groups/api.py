"""/api/v1/groups: groups and their members as JSON (their posts: feed/api.py), through the same queries as the pages.
A group (or post) the caller may not see or read answers 404, never 403."""

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from groups import queries

router = Router(tags=["groups"])


class GroupOut(Schema):
    key: str
    name: str
    description: str
    visibility: str
    role: str | None


class MemberOut(Schema):
    key: str | None
    name: str
    role: str
    organisation: str | None


def _profile_key(user) -> str | None:
    profile = getattr(user, "profile", None)
    return profile.key if profile else None


@router.get("/", response=list[GroupOut])
def group_list(request: HttpRequest):
    roles = dict(queries.current_memberships().filter(user=request.user).values_list("group_id", "role"))
    return [
        GroupOut(key=g.key, name=g.name, description=g.description, visibility=g.visibility, role=roles.get(g.pk))
        for g in queries.visible_groups(request.user).order_by("name")
    ]


def readable_group(request, key: str):
    """The group if the caller may read it; 404 otherwise (also for feed/api.py)."""
    group = queries.get_visible_group(request.user, key)
    if not queries.can_read(request.user, group):
        raise Http404("No such group.")
    return group


@router.get("/{key}/members", response=list[MemberOut])
def group_members(request: HttpRequest, key: str):
    group = readable_group(request, key)
    return [
        MemberOut(
            key=_profile_key(m.user),
            name=m.user.get_full_name(),
            role=m.role,
            organisation=getattr(getattr(m.user, "profile", None), "organisation", None)
            and m.user.profile.organisation.name,
        )
        for m in queries.members(group)
    ]

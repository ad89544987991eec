"""/api/v1/groups: groups, their members and posts as JSON, through the same queries as the pages.
A group (or post) the caller may not see or read answers 404, never 403."""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from feed import queries as feed_queries
from feed.text import mask_mentions
from groups import queries
from people.visibility import shown_authors

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


class PostOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    author_key: str | None
    author_name: str
    created_at: datetime
    answered: bool


class PageIn(Schema):
    limit: int = Field(30, ge=1, le=100)


def _profile_key(user) -> str | None:
    profile = getattr(user, "profile", None)
    return profile.key if profile else None


@router.get("/", response=list[GroupOut])
def group_list(request: HttpRequest):
    roles = dict(queries.current_memberships().filter(user=request.user).values_list("group_id", "role"))
    return [GroupOut(key=g.key, name=g.name, description=g.description, visibility=g.visibility,
                     role=roles.get(g.pk)) for g in queries.visible_groups(request.user).order_by("name")]


def _readable(request, key: str):
    group = queries.get_visible_group(request.user, key)
    if not queries.can_read(request.user, group):
        raise Http404("No such group.")
    return group


@router.get("/{key}/members", response=list[MemberOut])
def group_members(request: HttpRequest, key: str):
    group = _readable(request, key)
    return [MemberOut(key=_profile_key(m.user), name=m.user.get_full_name(), role=m.role,
                      organisation=getattr(getattr(m.user, "profile", None), "organisation", None)
                      and m.user.profile.organisation.name) for m in queries.members(group)]


@router.get("/{key}/posts", response=list[PostOut])
def group_posts(request: HttpRequest, key: str, page: Query[PageIn]):
    group = _readable(request, key)
    posts = list(feed_queries.posts_for_group(request.user, group, limit=page.limit))
    # An author the reader may no longer find (left the group, access ended) is a "former member".
    shown = shown_authors(request.user, [p.author for p in posts])
    mentions = feed_queries.post_mentions(request.user, posts)
    return [PostOut(id=p.pk, kind=p.kind, title=p.title, body=mask_mentions(p.body, mentions[p.pk]),
                    author_key=shown[p.author_id].key,
                    author_name=shown[p.author_id].name, created_at=p.created_at,
                    answered=p.accepted_answer_id is not None)
            for p in posts]

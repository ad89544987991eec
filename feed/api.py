"""/api/v1/groups/<key>/posts: a group's posts as JSON, through the same queries as its page.
A group the caller may not read answers 404, never 403."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from feed import queries
from feed.text import mask_mentions
from groups.api import readable_group
from people.visibility import shown_authors

router = Router(tags=["groups"])


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


@router.get("/{key}/posts", response=list[PostOut])
def group_posts(request: HttpRequest, key: str, page: Query[PageIn]):
    group = readable_group(request, key)
    posts = list(queries.posts_for_group(request.user, group, limit=page.limit))
    # An author the reader may no longer find (left the group, access ended) is a "former member".
    shown = shown_authors(request.user, [p.author for p in posts])
    mentions = queries.post_mentions(request.user, posts)
    return [
        PostOut(
            id=p.pk,
            kind=p.kind,
            title=p.title,
            body=mask_mentions(p.body, mentions[p.pk]),
            author_key=shown[p.author_id].key,
            author_name=shown[p.author_id].name,
            created_at=p.created_at,
            answered=p.accepted_answer_id is not None,
        )
        for p in posts
    ]

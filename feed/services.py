"""Every write to the feed: validate, one transaction, audit, publish on commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feed.models import Comment, Post
from groups import queries as group_queries
from intranet import audit

MAX_BODY = 20_000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something first."))
    if len(body) > MAX_BODY:
        raise ValidationError(_("The text is too long (at most %(max)d characters).") % {"max": MAX_BODY})
    return body


def _require_member(user, group) -> None:
    if group_queries.role_of(user, group) is None:
        raise PermissionDenied(_("Only members of the group can post there."))


def create_post(author, group, body: str, *, question: bool = False, title: str = "") -> Post:
    _require_member(author, group)
    body = _clean_body(body)
    title = (title or "").strip()[:200]
    if question and not title:
        raise ValidationError(_("A question needs a title."))
    with transaction.atomic():
        post = Post.objects.create(
            group=group, author=author, body=body, title=title, created_at=timezone.now(),
            kind=Post.Kind.QUESTION if question else Post.Kind.POST,
        )
        audit.record(author, "post.create", post, group=group.key, kind=post.kind)
    return post


def add_comment(author, post: Post, body: str) -> Comment:
    if not group_queries.can_read(author, post.group):
        raise PermissionDenied(_("You cannot comment here."))
    _require_member(author, post.group)
    body = _clean_body(body)
    with transaction.atomic():
        comment = Comment.objects.create(post=post, author=author, body=body, created_at=timezone.now())
        audit.record(author, "comment.create", comment, post=post.pk)
    return comment


def accept_answer(user, post: Post, comment: Comment) -> Post:
    """The asker or a moderator of the group marks one answer as the accepted one."""
    if not post.is_question or comment.post_id != post.pk:
        raise ValidationError(_("Only an answer to this question can be accepted."))
    if user.pk != post.author_id and not group_queries.can_moderate(user, post.group):
        raise PermissionDenied(_("Only the asker or a moderator can accept an answer."))
    with transaction.atomic():
        post.accepted_answer = comment
        post.save(update_fields=["accepted_answer"])
        audit.record(user, "question.accept", post, answer=comment.pk)
    return post

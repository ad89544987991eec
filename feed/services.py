"""Every write to the feed: validate, one transaction, audit, publish on commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, events
from feed import experts, promise, text
from feed.events import AnswerAccepted, CommentAdded, CommentEdited, ExpertsAsked, PostEdited, PostPublished, ids
from feed.models import AnswerVote, Attachment, Comment, Mention, Post, Reaction, Revision, SuggestedExpert, Topic
from files import attachments, previews
from groups import queries as group_queries
from people.queries import visible_profiles

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


def _may_change(user, author_id: int, group) -> bool:
    return user.pk == author_id or group_queries.can_moderate(user, group)


def _store_mentions(author, post: Post, comment: Comment | None, body: str) -> list:
    """Mentions of people who may read the post and whom the author may see; returns the new ones."""
    keys = text.mentioned_keys(body)
    existing = set(Mention.objects.filter(post=post, comment=comment).values_list("user_id", flat=True))
    if not keys:
        Mention.objects.filter(post=post, comment=comment).delete()
        return []
    people = visible_profiles(author).filter(key__in=keys).select_related("user")
    allowed = [p.user for p in people if p.user_id != author.pk and group_queries.can_read(p.user, post.group)]
    Mention.objects.filter(post=post, comment=comment).exclude(user__in=allowed).delete()
    new = [user for user in allowed if user.pk not in existing]
    Mention.objects.bulk_create([Mention(post=post, comment=comment, user=user) for user in new])
    return new


def _store_topics(post: Post) -> None:
    names = text.topic_names(f"{post.title} {post.body}")
    topics = [Topic.objects.get_or_create(name=name)[0] for name in sorted(names)]
    post.topics.set(topics)


def _check_files(files) -> list[tuple]:
    files = list(files or [])
    if len(files) > attachments.MAX_FILES:
        raise ValidationError(_("Attach at most %(max)d files.") % {"max": attachments.MAX_FILES})
    return [(upload, *attachments.check(upload)) for upload in files]


def create_post(author, group, body: str, *, question: bool = False, title: str = "", files=()) -> Post:
    _require_member(author, group)
    body = _clean_body(body)
    title = (title or "").strip()[:200]
    if question and not title:
        raise ValidationError(_("A question needs a title."))
    checked = _check_files(files)
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            group=group,
            author=author,
            body=body,
            title=title,
            created_at=now,
            kind=Post.Kind.QUESTION if question else Post.Kind.POST,
            answer_due_at=promise.due_after(now) if question else None,
        )
        for upload, content_type, name in checked:
            upload.name = name  # the stored name comes from the checked type, not the sender
            Attachment.objects.create(post=post, file=upload, name=name, content_type=content_type, size=upload.size)
        mentioned = _store_mentions(author, post, None, body)
        _store_topics(post)
        if question:
            _store_suggestions(post)
        audit.record(author, "post.create", post, group=group.key, kind=post.kind)
        events.publish(PostPublished(post_id=post.pk, author_id=author.pk, mentioned_ids=ids(u.pk for u in mentioned)))
    return post


def _store_suggestions(post: Post) -> None:
    SuggestedExpert.objects.bulk_create(
        [
            SuggestedExpert(post=post, user=user, reasons=reasons[:3], rank=rank)
            for rank, (user, reasons) in enumerate(experts.suggest(post))
        ]
    )


def notify_experts(user, post: Post, user_ids: list[int]) -> int:
    """The asker (or their successor, or a moderator) asks suggested colleagues to have a look; each is
    asked once."""
    if not post.is_question or not (post.acts_as_asker(user) or group_queries.can_moderate(user, post.group)):
        raise PermissionDenied(_("Only the asker or a moderator can do this."))
    with transaction.atomic():
        chosen = list(
            post.suggested_experts.select_related("user").filter(user_id__in=user_ids, notified_at__isnull=True)
        )
        SuggestedExpert.objects.filter(pk__in=[s.pk for s in chosen]).update(notified_at=timezone.now())
        audit.record(user, "question.notify_experts", post, users=[s.user_id for s in chosen])
        events.publish(ExpertsAsked(post_id=post.pk, asked_by_id=user.pk, expert_ids=ids(s.user_id for s in chosen)))
    return len(chosen)


def edit_post(user, post: Post, body: str, title: str = "") -> Post:
    """The author edits; the earlier text is kept as a revision."""
    if user.pk != post.author_id or group_queries.role_of(user, post.group) is None:
        raise PermissionDenied(_("Only the author can edit this."))
    body = _clean_body(body)
    title = (title or "").strip()[:200]
    if post.is_question and not title:
        raise ValidationError(_("A question needs a title."))
    with transaction.atomic():
        Revision.objects.create(post=post, title=post.title, body=post.body, edited_by=user, edited_at=timezone.now())
        post.body, post.title, post.edited_at = body, title, timezone.now()
        post.save(update_fields=["body", "title", "edited_at"])
        mentioned = _store_mentions(user, post, None, body)
        _store_topics(post)
        audit.record(user, "post.edit", post)
        events.publish(PostEdited(post_id=post.pk, editor_id=user.pk, mentioned_ids=ids(u.pk for u in mentioned)))
    return post


def delete_post(user, post: Post) -> None:
    if not _may_change(user, post.author_id, post.group):
        raise PermissionDenied(_("Only the author or a moderator can delete this."))
    with transaction.atomic():
        audit.record(user, "post.delete", post, group=post.group.key, author=post.author_id)
        for attachment in post.attachments.all():
            previews.delete_preview(attachment)
            attachment.file.delete(save=False)
        post.delete()


def add_comment(author, post: Post, body: str) -> Comment:
    if not group_queries.can_read(author, post.group):
        raise PermissionDenied(_("You cannot comment here."))
    _require_member(author, post.group)
    body = _clean_body(body)
    with transaction.atomic():
        now = timezone.now()
        comment = Comment.objects.create(post=post, author=author, body=body, created_at=now)
        if post.is_question and post.first_answer_at is None and author.pk != post.author_id:
            Post.objects.filter(pk=post.pk, first_answer_at__isnull=True).update(first_answer_at=now)
        mentioned = _store_mentions(author, post, comment, body)
        audit.record(author, "comment.create", comment, post=post.pk)
        events.publish(
            CommentAdded(
                post_id=post.pk, comment_id=comment.pk, author_id=author.pk, mentioned_ids=ids(u.pk for u in mentioned)
            )
        )
    return comment


def edit_comment(user, comment: Comment, body: str) -> Comment:
    if user.pk != comment.author_id or group_queries.role_of(user, comment.post.group) is None:
        raise PermissionDenied(_("Only the author can edit this."))
    body = _clean_body(body)
    with transaction.atomic():
        Revision.objects.create(comment=comment, body=comment.body, edited_by=user, edited_at=timezone.now())
        comment.body, comment.edited_at = body, timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        mentioned = _store_mentions(user, comment.post, comment, body)
        audit.record(user, "comment.edit", comment)
        events.publish(
            CommentEdited(
                post_id=comment.post_id,
                comment_id=comment.pk,
                editor_id=user.pk,
                mentioned_ids=ids(u.pk for u in mentioned),
            )
        )
    return comment


def delete_comment(user, comment: Comment) -> None:
    if not _may_change(user, comment.author_id, comment.post.group):
        raise PermissionDenied(_("Only the author or a moderator can delete this."))
    with transaction.atomic():
        audit.record(user, "comment.delete", comment, post=comment.post_id, author=comment.author_id)
        if comment.post.accepted_answer_id == comment.pk:
            Post.objects.filter(pk=comment.post_id).update(accepted_at=None)
        comment.delete()


def toggle_reaction(user, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it was there; True when it is there afterwards."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Unknown reaction."))
    _require_member(user, post.group)
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
        if not deleted:
            Reaction.objects.create(post=post, user=user, kind=kind)
    return not deleted


def toggle_vote(user, comment: Comment) -> bool:
    """Vote for an answer, or take the vote back; nobody votes for their own answer."""
    if not comment.post.is_question:
        raise ValidationError(_("Only answers to questions can be voted for."))
    if comment.author_id == user.pk:
        raise ValidationError(_("You cannot vote for your own answer."))
    _require_member(user, comment.post.group)
    with transaction.atomic():
        deleted, _rows = AnswerVote.objects.filter(comment=comment, user=user).delete()
        if not deleted:
            AnswerVote.objects.create(comment=comment, user=user)
    return not deleted


def accept_answer(user, post: Post, comment: Comment) -> Post:
    """The asker (or their successor after a handover) or a moderator of the group marks one answer as
    the accepted one."""
    if not post.is_question or comment.post_id != post.pk:
        raise ValidationError(_("Only an answer to this question can be accepted."))
    if not post.acts_as_asker(user) and not group_queries.can_moderate(user, post.group):
        raise PermissionDenied(_("Only the asker or a moderator can accept an answer."))
    with transaction.atomic():
        post.accepted_answer = comment
        post.accepted_at = timezone.now()
        post.save(update_fields=["accepted_answer", "accepted_at"])
        audit.record(user, "question.accept", post, answer=comment.pk)
        events.publish(
            AnswerAccepted(
                post_id=post.pk, comment_id=comment.pk, accepted_by_id=user.pk, answer_author_id=comment.author_id
            )
        )
    return post


def toggle_follow(user, name: str) -> bool:
    """Follow the topic (made on first follow) or stop following it; True when the user now follows it."""
    with transaction.atomic():
        topic, _created = Topic.objects.get_or_create(name=name)
        if topic.followers.filter(pk=user.pk).exists():
            topic.followers.remove(user)
            return False
        topic.followers.add(user)
        return True

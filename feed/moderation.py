"""Reporting and hiding content: every write of moderation.

Hiding changes rows with update() (no model signal): the event feed.events.ContentHidden tells the
apps that keep copies (search) once the transaction commits."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from feed import events
from feed.models import Comment, Post, Report
from groups import queries as group_queries


def report(user, post: Post, comment: Comment | None, reason: str) -> Report:
    """Any reader may report a post or comment to the group's moderators."""
    reason = (reason or "").strip()[:500]
    if not reason:
        raise ValidationError(_("Say briefly what is wrong."))
    if not group_queries.can_read(user, post.group):
        raise PermissionDenied(_("You cannot report this."))
    with transaction.atomic():
        item = Report.objects.create(post=post, comment=comment, reporter=user, reason=reason)
        audit.record(user, "content.report", item, post=post.pk, comment=comment.pk if comment else None)
    return item


def hide(moderator, post: Post, comment: Comment | None, reason: str) -> None:
    """A moderator hides a post or comment with a reason; open reports about it are resolved."""
    if not group_queries.can_moderate(moderator, post.group):
        raise PermissionDenied(_("Only the group's moderators can hide content."))
    reason = (reason or "").strip()[:500]
    if not reason:
        raise ValidationError(_("Give a reason for hiding."))
    now = timezone.now()
    target = comment or post
    with transaction.atomic():
        type(target).objects.filter(pk=target.pk).update(hidden_at=now, hidden_reason=reason)
        reports = Report.objects.filter(post=post, resolved_at__isnull=True)
        reports = reports.filter(comment=comment) if comment else reports.filter(comment__isnull=True)
        reports.update(resolved_at=now, resolved_by=moderator)
        audit.record(moderator, "content.hide", target, reason=reason, post=post.pk)
        events.publish_content_hidden([post.pk], [comment.pk] if comment else [])


def dismiss(moderator, item: Report) -> None:
    if not group_queries.can_moderate(moderator, item.post.group):
        raise PermissionDenied(_("Only the group's moderators can do this."))
    with transaction.atomic():
        Report.objects.filter(pk=item.pk).update(resolved_at=timezone.now(), resolved_by=moderator)
        audit.record(moderator, "content.report.dismiss", item)

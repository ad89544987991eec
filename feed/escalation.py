"""Questions without an answer past their promise are escalated once: listed for the group's
moderators (moderation page) and offered to the suggested experts (QuestionEscalated tells them)."""

from django.db import transaction
from django.utils import timezone

from core import audit, events
from feed.events import QuestionEscalated, ids
from feed.models import Post
from groups.models import Membership
from groups.queries import current_memberships


def overdue(now=None):
    now = now or timezone.now()
    return Post.objects.filter(
        kind=Post.Kind.QUESTION,
        accepted_answer__isnull=True,
        first_answer_at__isnull=True,
        hidden_at__isnull=True,
        escalated_at__isnull=True,
        answer_due_at__lte=now,
    )


def escalate_overdue(now=None) -> int:
    """Escalate every overdue question; returns how many. Safe to run as often as wanted."""
    count = 0
    for question in overdue(now).select_related("group"):
        with transaction.atomic():
            # Claim the question first so two runs never escalate it twice.
            if not Post.objects.filter(pk=question.pk, escalated_at__isnull=True).update(escalated_at=timezone.now()):
                continue
            audit.record(None, "question.escalate", question, group=question.group.key)
            moderators = (
                current_memberships()
                .filter(group=question.group, role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR])
                .values_list("user_id", flat=True)
            )
            experts = question.suggested_experts.values_list("user_id", flat=True)
            events.publish(
                QuestionEscalated(post_id=question.pk, moderator_ids=ids(moderators), expert_ids=ids(experts))
            )
        count += 1
    return count

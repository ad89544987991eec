"""A leaver's open questions passed to their successor, for the handover workflow (handover/), which
decides who may hand over, what was chosen and that the successor may read each question."""

from django.db import transaction
from django.utils import timezone

from feed.models import Post, SuggestedExpert


def take_over_asking(successor_user, posts) -> None:
    """The successor becomes the one who may accept an answer to these questions the leaver asked."""
    Post.objects.filter(pk__in=[post.pk for post in posts]).update(asker_successor=successor_user)


def suggest_successor(actor, leaver_user, successor_user, posts, reason: str) -> tuple[list[Post], int]:
    """The successor is suggested as an expert instead of the leaver, at the leaver's rank. Returns the
    posts they are now asked to look at (their handover event tells them), and how many they had already
    been asked about. Nobody is marked as told about their own doing (the actor handing over to themself)."""
    suggested, already = [], 0
    with transaction.atomic():
        for post in posts:
            leaver = post.suggested_experts.filter(user=leaver_user).first()
            suggestion, created = SuggestedExpert.objects.get_or_create(
                post=post, user=successor_user, defaults={"reasons": [reason], "rank": leaver.rank if leaver else 0}
            )
            if not created and suggestion.notified_at is not None:
                already += 1
                continue  # already asked to look at it
            if successor_user.pk != actor.pk:
                suggestion.notified_at = timezone.now()
                suggestion.save(update_fields=["notified_at"])
            suggested.append(post)
    return suggested, already

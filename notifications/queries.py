"""Reading notifications: a user reads only their own."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from feed.queries import readable_posts
from groups.queries import visible_groups
from notifications.models import EmailPreference, Notification


def live_group(user_id: int) -> str:
    """The channel-layer group every open page of this user listens on."""
    return f"notifications.{user_id}"


def _still_visible(user) -> QuerySet[Notification]:
    """The user's notifications about what they may still see: a removed guest or a hidden
    post leaves nothing behind in the list, the count or a digest."""
    # EXISTS per notification, not IN: "post IN (readable posts)" had PostgreSQL list every readable post
    # (500,000 in the page-speed bench, 7 s for the count on every page) to check a user's few dozen.
    readable = readable_posts(user).filter(pk=OuterRef("post_id"))
    return (
        Notification.objects.filter(recipient=user)
        .filter(Q(group__isnull=True) | Q(group__in=visible_groups(user)))
        .filter(Q(post__isnull=True) | Exists(readable))
    )


def for_user(user) -> QuerySet[Notification]:
    return _still_visible(user).select_related("actor", "group", "post")


def unread_count_for(user) -> int:
    if isinstance(user, int):
        user = get_user_model().objects.filter(pk=user).first()
        if user is None:
            return 0
    return _still_visible(user).filter(read_at__isnull=True).count()


def frequency_of(user) -> str:
    preference = EmailPreference.objects.filter(user=user).first()
    return preference.frequency if preference else EmailPreference.Frequency.DAILY


def digest_recipients(frequency: str) -> QuerySet:
    User = get_user_model()
    users = User.objects.filter(
        is_active=True, notifications__read_at__isnull=True, notifications__emailed_at__isnull=True
    ).distinct()
    if frequency == EmailPreference.Frequency.DAILY:
        # Daily is the default for those who never chose.
        return users.exclude(
            notification_preference__frequency__in=[
                EmailPreference.Frequency.WEEKLY,
                EmailPreference.Frequency.INSTANT,
                EmailPreference.Frequency.NEVER,
            ]
        )
    return users.filter(notification_preference__frequency=frequency)


def undigested(user) -> list[Notification]:
    return list(for_user(user).filter(read_at__isnull=True, emailed_at__isnull=True).order_by("created_at"))

"""What the home page shows: the user's groups, recent questions they may read, and news."""

from feed.queries import recent_questions
from groups.queries import groups_of


def home_context(user, page) -> dict:
    from intranet.models import NewsPage

    if not user.is_authenticated:
        return {}
    # Guests see their project spaces only, not the municipalities' internal news.
    news = [] if user.is_guest else NewsPage.objects.live().child_of(page).order_by("-date")[:5]
    return {
        "my_groups": groups_of(user),
        "recent_questions": recent_questions(user, limit=6),
        "news": news,
    }

"""What the home page shows: the user's groups, their feed, questions they could answer,
recent questions they may read, and news."""

from feed.queries import escalated_questions, home_feed, open_reports, questions_i_could_answer, recent_questions
from groups.queries import groups_of

FEED_ON_HOME = 10


def home_context(user, page) -> dict:
    from intranet.models import NewsPage

    if not user.is_authenticated:
        return {}
    # Guests see their project spaces only, not the municipalities' internal news.
    news = [] if user.is_guest else NewsPage.objects.live().child_of(page).order_by("-date")[:5]
    return {
        "my_groups": groups_of(user),
        "feed_posts": home_feed(user)[:FEED_ON_HOME],
        "could_answer": questions_i_could_answer(user),
        "moderation_count": open_reports(user).count() + escalated_questions(user).count(),
        "recent_questions": recent_questions(user, limit=6),
        "news": news,
    }

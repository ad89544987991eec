"""What the home page shows from the apps: the user's groups, their feed, questions they could answer and
recent questions they may read (the page adds its news, intranet/models/pages.py)."""

from feed.queries import escalated_questions, home_feed, open_reports, questions_i_could_answer, recent_questions
from groups.queries import groups_of

FEED_ON_HOME = 10


def home_context(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {
        "my_groups": groups_of(user),
        "feed_posts": home_feed(user)[:FEED_ON_HOME],
        "could_answer": questions_i_could_answer(user),
        "moderation_count": open_reports(user).count() + escalated_questions(user).count(),
        "recent_questions": recent_questions(user, limit=6),
    }

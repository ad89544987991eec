"""Colleagues who could answer a question, from the expertise search, limited to people
who may read the question's group.

The expertise search lives above the feed (search/), so the feed does not import it: search plugs
its finder in here from its AppConfig.ready() (`use_finder`). This is a read the question needs at
once, in the transaction that stores the suggestions, so it is a port the upper app fills in rather
than an event. Without a finder (search not installed) a question simply gets no suggestions."""

import logging
from collections.abc import Callable

from groups.queries import can_read
from people.models import User

logger = logging.getLogger(__name__)

MAX_SUGGESTIONS = 5

# finder(viewer, text, limit) -> [(profile key, reasons)], best first, only people the viewer may see.
Finder = Callable[[object, str, int], list[tuple[str, list[str]]]]
_finder: Finder | None = None


def use_finder(finder: Finder | None) -> None:
    global _finder
    _finder = finder


def suggest(post) -> list[tuple[User, list[str]]]:
    """(user, reasons) of the best people for the question, best first; never the asker."""
    if _finder is None:
        return []
    query = f"{post.title} {post.body}"[:500]
    try:
        found = _finder(post.author, query, MAX_SUGGESTIONS * 4)
    except Exception:  # A search outage must not stop the question from being posted.
        logger.exception("Expert suggestions failed for post %s", post.pk)
        return []
    keys = [key for key, _reasons in found]
    users = {
        u.profile.key: u
        for u in User.objects.filter(profile__key__in=keys, is_active=True)
        .exclude(pk=post.author_id)
        .select_related("profile")
    }
    suggestions = []
    for key, reasons in found:
        user = users.get(key)
        if user is not None and can_read(user, post.group):
            suggestions.append((user, list(reasons)))
        if len(suggestions) == MAX_SUGGESTIONS:
            break
    return suggestions

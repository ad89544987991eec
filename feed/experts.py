"""Colleagues who could answer a question, from the expertise search, limited to people
who may read the question's group."""

import logging

from django.contrib.auth import get_user_model

from groups.queries import can_read

logger = logging.getLogger(__name__)

MAX_SUGGESTIONS = 5


def suggest(post) -> list[tuple[object, list[str]]]:
    """(user, reasons) of the best people for the question, best first; never the asker."""
    from search.queries import search_people

    query = f"{post.title} {post.body}"[:500]
    try:
        results = search_people(post.author, query, limit=MAX_SUGGESTIONS * 4)
    except Exception:  # A search outage must not stop the question from being posted.
        logger.exception("Expert suggestions failed for post %s", post.pk)
        return []
    keys = [hit.key for hit in results.hits]
    users = {u.profile.key: u for u in get_user_model().objects.filter(profile__key__in=keys, is_active=True)
             .exclude(pk=post.author_id).select_related("profile")}
    suggestions = []
    for hit in results.hits:
        user = users.get(hit.key)
        if user is not None and can_read(user, post.group):
            suggestions.append((user, list(hit.reasons)))
        if len(suggestions) == MAX_SUGGESTIONS:
            break
    return suggestions

"""Domain events of the feed, sent after the transaction that made them commits.

Apps above the feed (search) subscribe; the feed never calls them. Receivers get the ids
only and read what they need from the database: the event says *what* changed, the
database says *how it is now*.
"""

from django.db import transaction
from django.dispatch import Signal

# Posts or comments were hidden by a moderator (rows changed by update(): no model signal fires).
# Arguments: post_ids (the posts concerned, also for a hidden comment), comment_ids.
content_hidden = Signal()


def publish_content_hidden(post_ids, comment_ids=()) -> None:
    """Send `content_hidden` once the current transaction commits (at once outside one)."""
    post_ids, comment_ids = sorted(set(post_ids)), sorted(set(comment_ids))
    transaction.on_commit(lambda: content_hidden.send(sender=None, post_ids=post_ids, comment_ids=comment_ids),
                          robust=True)

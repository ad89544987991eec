"""Domain events of the feed, published on commit through core.events.

Apps above the feed (search) subscribe; the feed never calls them. Events carry ids only: the
subscriber reads how things are now from the database.
"""

from dataclasses import dataclass

from core import events


@dataclass(frozen=True)
class ContentHidden:
    """Posts or comments were hidden by a moderator (rows changed by update(): no model signal fires).
    `post_ids` are the posts concerned, also for a hidden comment."""
    post_ids: tuple[int, ...]
    comment_ids: tuple[int, ...] = ()


def ids(values) -> tuple[int, ...]:
    """Sorted, distinct ids (events compare equal whatever order the write found them in)."""
    return tuple(sorted({int(value) for value in values}))


def publish_content_hidden(post_ids, comment_ids=()) -> None:
    events.publish(ContentHidden(post_ids=ids(post_ids), comment_ids=ids(comment_ids)))

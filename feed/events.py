"""Domain events of the feed, published on commit through core.events.

Apps above the feed (notifications, search) subscribe; the feed never calls them. Events carry ids
only: the subscriber reads how things are now from the database. `mentioned_ids` are the people newly
mentioned by that write (the feed already checked that they may read the post and that the writer may
see them).
"""

from dataclasses import dataclass

from core import events


@dataclass(frozen=True)
class PostPublished:
    post_id: int
    author_id: int
    mentioned_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PostEdited:
    post_id: int
    editor_id: int
    mentioned_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class CommentAdded:
    """Also an answer, when the post is a question."""

    post_id: int
    comment_id: int
    author_id: int
    mentioned_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class CommentEdited:
    post_id: int
    comment_id: int
    editor_id: int
    mentioned_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ExpertsAsked:
    """The asker (or a moderator) asked these suggested colleagues to look at the question."""

    post_id: int
    asked_by_id: int
    expert_ids: tuple[int, ...]


@dataclass(frozen=True)
class AnswerAccepted:
    post_id: int
    comment_id: int
    accepted_by_id: int
    answer_author_id: int


@dataclass(frozen=True)
class QuestionEscalated:
    """An unanswered question passed its promise: listed for the moderators, offered to the experts."""

    post_id: int
    moderator_ids: tuple[int, ...]
    expert_ids: tuple[int, ...]


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

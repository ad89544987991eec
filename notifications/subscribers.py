"""What the lower apps' domain events mean for notifications: who is told what.

Connected in NotificationsConfig.ready(). Each handler runs after the writer's transaction committed
and reads the rows by id; `services.notify` still checks that the recipient may see the subject and is
not the actor, so a post hidden or a member removed in between tells nobody.
"""

from django.contrib.auth import get_user_model

from core import events
from feed import events as feed_events
from feed.models import Post
from groups import events as group_events
from groups import queries as group_queries
from groups.models import Group
from handover import events as handover_events
from notifications.models import Notification
from notifications.services import notify, notify_about_group

Kind = Notification.Kind


def _users(*ids) -> dict:
    return get_user_model().objects.in_bulk([pk for pk in ids if pk is not None])


def _tell_about_post(post_id: int, actor_id: int | None, kinds: list[tuple[str, tuple[int, ...]]]) -> None:
    """`kinds`: (kind, recipient ids) in the order they are told."""
    post = Post.objects.select_related("group").filter(pk=post_id).first()
    if post is None:
        return
    people = _users(actor_id, *(pk for _kind, ids in kinds for pk in ids))
    actor = people.get(actor_id)
    for kind, ids in kinds:
        for pk in ids:
            if pk in people:
                notify(people[pk], kind, actor=actor, post=post)


def post_published(event: feed_events.PostPublished) -> None:
    _tell_about_post(event.post_id, event.author_id, [(Kind.MENTION, event.mentioned_ids)])


def post_edited(event: feed_events.PostEdited) -> None:
    _tell_about_post(event.post_id, event.editor_id, [(Kind.MENTION, event.mentioned_ids)])


def comment_added(event: feed_events.CommentAdded) -> None:
    # On a question a comment is an answer: the asker hears of it (not of their own, notify skips that).
    asker = Post.objects.filter(pk=event.post_id, kind=Post.Kind.QUESTION).values_list("author_id", flat=True)
    _tell_about_post(event.post_id, event.author_id, [(Kind.ANSWER, tuple(asker)), (Kind.MENTION, event.mentioned_ids)])


def comment_edited(event: feed_events.CommentEdited) -> None:
    _tell_about_post(event.post_id, event.editor_id, [(Kind.MENTION, event.mentioned_ids)])


def experts_asked(event: feed_events.ExpertsAsked) -> None:
    _tell_about_post(event.post_id, event.asked_by_id, [(Kind.EXPERT, event.expert_ids)])


def answer_accepted(event: feed_events.AnswerAccepted) -> None:
    _tell_about_post(event.post_id, event.accepted_by_id, [(Kind.ACCEPTED, (event.answer_author_id,))])


def question_escalated(event: feed_events.QuestionEscalated) -> None:
    # Nobody escalated it: the promise ran out. A moderator who is also a suggested expert is told once.
    people = tuple(dict.fromkeys(event.moderator_ids + event.expert_ids))
    _tell_about_post(event.post_id, None, [(Kind.ESCALATION, people)])


def _tell_about_group(group_id: int, recipient_ids, kind: str, actor_id: int | None = None, **details) -> None:
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        return
    people = _users(actor_id, *recipient_ids)
    for pk in recipient_ids:
        if pk in people:
            notify_about_group(people[pk], kind, group, actor=people.get(actor_id), **details)


def join_requested(event: group_events.JoinRequested) -> None:
    group = Group.objects.filter(pk=event.group_id).first()
    if group is None:
        return
    managers = (
        group_queries.members(group).filter(role__in=group_queries.MANAGING_ROLES).values_list("user_id", flat=True)
    )
    _tell_about_group(event.group_id, list(managers), Kind.JOIN_REQUEST, actor_id=event.user_id)


def join_request_decided(event: group_events.JoinRequestDecided) -> None:
    # Told without an actor: the answer comes from the group, not from one of its managers.
    _tell_about_group(event.group_id, [event.user_id], "request_decided", accepted=event.accepted)


def member_invited(event: group_events.MemberInvited) -> None:
    _tell_about_group(event.group_id, [event.user_id], Kind.INVITATION, actor_id=event.invited_by_id)


def role_changed(event: group_events.RoleChanged) -> None:
    _tell_about_group(event.group_id, [event.user_id], Kind.ROLE_CHANGED, actor_id=event.changed_by_id)


def responsibilities_handed_over(event: handover_events.ResponsibilitiesHandedOver) -> None:
    for group_id in event.group_ids:
        _tell_about_group(group_id, [event.successor_user_id], Kind.ROLE_CHANGED, actor_id=event.handed_over_by_id)
    for post_id in event.expert_post_ids:
        _tell_about_post(post_id, event.handed_over_by_id, [(Kind.EXPERT, (event.successor_user_id,))])


SUBSCRIPTIONS = {
    feed_events.PostPublished: post_published,
    feed_events.PostEdited: post_edited,
    feed_events.CommentAdded: comment_added,
    feed_events.CommentEdited: comment_edited,
    feed_events.ExpertsAsked: experts_asked,
    feed_events.AnswerAccepted: answer_accepted,
    feed_events.QuestionEscalated: question_escalated,
    group_events.JoinRequested: join_requested,
    group_events.JoinRequestDecided: join_request_decided,
    group_events.MemberInvited: member_invited,
    group_events.RoleChanged: role_changed,
    handover_events.ResponsibilitiesHandedOver: responsibilities_handed_over,
}


def connect() -> None:
    for event_type, handler in SUBSCRIPTIONS.items():
        events.subscribe(event_type, handler)

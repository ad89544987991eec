"""Writes for conversations of more than two people: group conversations and the chat of a group space.

A group conversation has a fixed list of members chosen by whoever starts it. The chat of a
group space follows the group: its member rows are added and removed with the group's
memberships (signals.py), and every read and send checks the current group membership again,
so a membership that ended by date alone also ends access.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import audit
from groups.queries import current_memberships
from messaging import publish, services
from messaging.errors import MessagingError
from messaging.models import Conversation, ConversationMember
from messaging.rules import may_talk

MAX_TITLE = 200


def max_members() -> int:
    return getattr(settings, "MESSAGING_MAX_GROUP_MEMBERS", 300)


def start_group(user, others, title: str = "") -> Conversation:
    """A new group conversation of `user` and `others` (people the caller has already checked visible)."""
    if not user.is_active:
        raise MessagingError(_("Your account is not active."), "inactive")
    people = {other.pk: other for other in others if other.pk != user.pk}
    if len(people) < 2:
        raise MessagingError(_("Choose at least two other people for a group conversation."), "too_few")
    if len(people) + 1 > max_members():
        raise MessagingError(
            _("A group conversation can have at most %(limit)d members."), "too_many", limit=max_members()
        )
    title = (title or "").strip()
    if not services.storable(title):
        raise MessagingError(_("The title contains a character that cannot be stored."), "bad_character")
    if len(title) > MAX_TITLE:
        raise MessagingError(_("The title can be at most %(limit)d characters long."), "too_long", limit=MAX_TITLE)
    for other in people.values():
        if not other.is_active:
            raise MessagingError(_("%(name)s can no longer receive messages."), "inactive", name=str(other))
        if not may_talk(user, other):
            raise MessagingError(_("You can add %(name)s only once you share a group."), "not_allowed", name=str(other))
    _check_every_pair(list(people.values()))
    with transaction.atomic():
        conversation = Conversation.objects.create(kind=Conversation.Kind.GROUP, title=title, created_by=user)
        ConversationMember.objects.bulk_create(
            [ConversationMember(conversation=conversation, user_id=user_id) for user_id in [user.pk, *people]]
        )
        audit.record(user, "conversation.start", conversation, members=sorted([user.pk, *people]))
        _tell_joined([user.pk, *people], conversation.pk)
    return conversation


def _check_every_pair(people) -> None:
    """messaging.rules' pair rule between the chosen people too, not only with the starter: a guest and
    someone who shares no group with them are never put into one conversation."""
    for index, one in enumerate(people):
        for other in people[index + 1 :]:
            if (one.is_guest or other.is_guest) and not may_talk(one, other):
                raise MessagingError(
                    _("%(one)s and %(other)s do not share a group, so they cannot be in one conversation."),
                    "not_allowed",
                    one=str(one),
                    other=str(other),
                )


def open_group_chat(user, group) -> Conversation:
    """The live chat of a group space, created on first use; only current members of the group may open it."""
    if not current_memberships().filter(user=user, group=group).exists():
        raise MessagingError(_("Only members of the group can take part in its chat."), "not_member")
    with transaction.atomic():
        conversation, created = Conversation.objects.get_or_create(
            group=group,
            defaults={"kind": Conversation.Kind.SPACE, "title": group.name, "created_by": user},
        )
        if created:
            member_ids = current_memberships().filter(group=group).values_list("user_id", flat=True)
            ConversationMember.objects.bulk_create(
                [ConversationMember(conversation=conversation, user_id=user_id) for user_id in member_ids],
                ignore_conflicts=True,
            )
            audit.record(user, "conversation.start", conversation, group=group.pk)
            _tell_joined(list(member_ids), conversation.pk)
        else:
            # A member who joined by a path that sent no signal (bulk writes) gets their row now.
            _row, added = ConversationMember.objects.get_or_create(conversation=conversation, user=user)
            if added:
                _tell_joined([user.pk], conversation.pk)
    return conversation


def remove_member(actor, conversation_id: int, user) -> None:
    """Take `user` out of a group conversation: they leave, or its starter removes them. Sockets are told."""
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
        if conversation is None or not conversation.members.filter(user=actor).exists():
            raise MessagingError(_("You are not a member of this conversation."), "not_member")
        if conversation.kind != Conversation.Kind.GROUP:
            raise MessagingError(_("People can be removed only from group conversations."), "not_allowed")
        if actor.pk != user.pk and conversation.created_by_id != actor.pk:
            raise MessagingError(_("Only the person who started the conversation can remove others."), "not_allowed")
        deleted, _rows = conversation.members.filter(user=user).delete()
        if deleted:
            audit.record(actor, "conversation.remove_member", conversation, user=user.pk)
            _tell_removed(user.pk, conversation.pk)


def space_member_added(group_id: int, user_id: int) -> None:
    """A new member of a group joins its chat, if the chat exists."""
    conversation_id = Conversation.objects.filter(group_id=group_id).values_list("pk", flat=True).first()
    if conversation_id is not None:
        _row, added = ConversationMember.objects.get_or_create(conversation_id=conversation_id, user_id=user_id)
        if added:
            _tell_joined([user_id], conversation_id)


def space_member_removed(group_id: int, user_id: int) -> None:
    """A member who left a group leaves its chat, and their open sockets are closed."""
    conversation_id = Conversation.objects.filter(group_id=group_id).values_list("pk", flat=True).first()
    if conversation_id is None:
        return
    ConversationMember.objects.filter(conversation_id=conversation_id, user_id=user_id).delete()
    _tell_removed(user_id, conversation_id)


def _tell_joined(user_ids: list[int], conversation_id: int) -> None:
    transaction.on_commit(lambda: publish.joined(user_ids, conversation_id), robust=True)


def _tell_removed(user_id: int, conversation_id: int) -> None:
    event = {"type": "conversation.removed", "conversation": conversation_id}
    transaction.on_commit(lambda: publish.to_users([user_id], event), robust=True)

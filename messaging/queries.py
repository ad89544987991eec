"""Every read of conversations and messages, with the membership rule applied here."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from groups.models import Membership
from messaging.models import Conversation, ConversationMember, Message
from people.queries import visible_profiles

MAX_PAGE = 200


@dataclass(frozen=True)
class ConversationSummary:
    conversation: Conversation
    # The other person of a direct conversation (None once group conversations exist).
    other: object | None
    unread: int


def may_talk(user, other) -> bool:
    """Guests talk only with people who share a group with them; staff with staff always."""
    if not (user.is_guest or other.is_guest):
        return True
    return Membership.objects.filter(user=user, group__memberships__user=other).exists()


def person_to_message(user, profile_key: str):
    """The user behind a profile key, or 404 when the requester may not see that person."""
    profile = visible_profiles(user).select_related("user").filter(key=profile_key).first()
    if profile is None:
        raise Http404("No such person.")
    return profile.user


def conversations_of(user) -> list[ConversationSummary]:
    """The user's conversations, newest activity first, with the other person and the unread count."""
    memberships = list(
        ConversationMember.objects.filter(user=user).select_related("conversation")
        .order_by("-conversation__updated_at", "-conversation_id")
    )
    ids = [membership.conversation_id for membership in memberships]
    others = {
        member.conversation_id: member.user
        for member in ConversationMember.objects.filter(conversation_id__in=ids).exclude(user=user)
        .select_related("user__profile__organisation")
    }
    return [
        ConversationSummary(
            conversation=membership.conversation,
            other=others.get(membership.conversation_id),
            unread=max(0, membership.conversation.last_seq - membership.last_read_seq),
        )
        for membership in memberships
    ]


def get_conversation_for(user, conversation_id) -> Conversation:
    """The conversation, or 404: a conversation the user is not in does not exist for them."""
    conversation = Conversation.objects.filter(pk=conversation_id, members__user=user).first()
    if conversation is None:
        raise Http404("No such conversation.")
    return conversation


def other_members(conversation: Conversation, user) -> list:
    return [
        member.user
        for member in conversation.members.exclude(user=user).select_related("user__profile")
        .order_by("user__last_name", "user__first_name")
    ]


def read_position(user, conversation: Conversation) -> int:
    return (
        ConversationMember.objects.filter(conversation=conversation, user=user)
        .values_list("last_read_seq", flat=True).first() or 0
    )


def _messages(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("sender__profile")


def messages_after(conversation: Conversation, seq: int, limit: int = MAX_PAGE) -> list[Message]:
    """Messages with a sequence number above `seq`, oldest first, at most `limit`."""
    limit = max(1, min(limit, MAX_PAGE))
    return list(_messages(conversation).filter(seq__gt=seq).order_by("seq")[:limit])


def history(conversation: Conversation, before_seq: int | None = None, limit: int = 50) -> list[Message]:
    """The newest `limit` messages before `before_seq` (all of the latest when None), oldest first."""
    limit = max(1, min(limit, MAX_PAGE))
    messages = _messages(conversation)
    if before_seq is not None:
        messages = messages.filter(seq__lt=before_seq)
    newest_first = list(messages.order_by("-seq")[:limit])
    return newest_first[::-1]

"""Every read of conversations and messages, with the membership rule applied here."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from groups.queries import current_memberships, member_group_ids
from messaging import rules
from messaging.models import Conversation, ConversationMember, Message
from people.queries import visible_profiles

# The pair rule lives in messaging.rules; kept here for the callers that read it with the other queries.
may_talk = rules.may_talk

MAX_PAGE = 200


@dataclass(frozen=True)
class ConversationSummary:
    conversation: Conversation
    # The other person of a direct conversation; None for group conversations and group chats.
    other: object | None
    unread: int

    @property
    def label(self) -> str:
        return str(self.other) if self.other is not None else conversation_title(self.conversation)


def space_member(user, group_id: int | None) -> bool:
    """Whether the user is a current member of the group whose chat this is."""
    return group_id is not None and current_memberships().filter(user=user, group_id=group_id).exists()


def current_group_member_ids(group_id: int | None, user_ids) -> set[int]:
    """Which of these users are current members of the group (one query)."""
    if group_id is None:
        return set()
    return set(
        current_memberships().filter(group_id=group_id, user_id__in=list(user_ids)).values_list("user_id", flat=True)
    )


def conversation_title(conversation: Conversation, others=None) -> str:
    """What a conversation is called: its title, else the names of its other members."""
    if conversation.kind == Conversation.Kind.SPACE and conversation.group is not None:
        return conversation.group.name
    if conversation.title:
        return conversation.title
    if others is None:
        return ""
    return ", ".join(str(other) for other in others)


def person_to_message(user, profile_key: str):
    """The user behind a profile key, or 404 when the requester may not see that person."""
    profile = visible_profiles(user).select_related("user").filter(key=profile_key).first()
    if profile is None:
        raise Http404("No such person.")
    return profile.user


def conversations_of(user) -> list[ConversationSummary]:
    """The user's conversations, newest activity first, with the other person and the unread count."""
    memberships = list(
        _current(ConversationMember.objects.filter(user=user), user)
        .select_related("conversation__group")
        .order_by("-conversation__updated_at", "-conversation_id")
    )
    direct_ids = [
        membership.conversation_id
        for membership in memberships
        if membership.conversation.kind == Conversation.Kind.DIRECT
    ]
    others = {
        member.conversation_id: member.user
        for member in ConversationMember.objects.filter(conversation_id__in=direct_ids)
        .exclude(user=user)
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


def unread_total(user) -> int:
    """Unread messages over all the user's conversations (the number in the page header)."""
    if not user.is_authenticated:
        return 0
    total = _current(ConversationMember.objects.filter(user=user), user).aggregate(
        unread=Sum(F("conversation__last_seq") - F("last_read_seq"))
    )["unread"]
    return max(0, total or 0)


def get_conversation_for(user, conversation_id) -> Conversation:
    """The conversation, or 404: a conversation the user is not in does not exist for them."""
    # With the user's read position (my_read_seq): the page need not mark read what already is.
    mine = ConversationMember.objects.filter(conversation=OuterRef("pk"), user=user).values("last_read_seq")[:1]
    conversation = (
        Conversation.objects.filter(pk=conversation_id, members__user=user).annotate(my_read_seq=Subquery(mine)).first()
    )
    if conversation is None or not takes_part(user, conversation):
        raise Http404("No such conversation.")
    return conversation


def takes_part(user, conversation: Conversation) -> bool:
    """messaging.rules for a conversation the user has a member row in; the common cases in one query."""
    if not user.is_active:
        return False
    if user.is_guest:
        return rules.takes_part(user, conversation.pk)  # depends on everyone's memberships now
    if conversation.group_id:
        return space_member(user, conversation.group_id)
    return True  # an active staff member takes part in every direct and group conversation they are in


def participant_ids(conversation: Conversation) -> frozenset[int]:
    """The members who take part now (messaging.rules): the only ones whose presence is shown."""
    found = rules.audience(conversation.pk)
    return found.participants if found is not None else frozenset()


def conversation_ids_of(user) -> list[int]:
    """Every conversation whose live copies the user's sockets listen to."""
    return list(_current(ConversationMember.objects.filter(user=user), user).values_list("conversation_id", flat=True))


def member_ids(conversation_id: int) -> list[int]:
    return list(ConversationMember.objects.filter(conversation_id=conversation_id).values_list("user_id", flat=True))


def member_keys(conversation: Conversation) -> dict[int, str | None]:
    """{user id: profile key} of the conversation's members who take part now (messaging.rules)."""
    participants = participant_ids(conversation)
    return {
        user_id: key
        for user_id, key in conversation.members.values_list("user_id", "user__profile__key")
        if user_id in participants
    }


def group_chat_of(user, group) -> Conversation | None:
    """The chat of a group space if it exists and the user is a current member of the group."""
    if not space_member(user, group.pk):
        return None
    return Conversation.objects.filter(group=group).first()


def _current(memberships: QuerySet[ConversationMember], user) -> QuerySet[ConversationMember]:
    """Only the conversations the user takes part in now (messaging.rules): a staff member leaves out the
    chats of groups whose membership has ended (by date, without a signal); a guest also every
    conversation with someone they no longer share a group with."""
    if user.is_guest:
        ids = list(memberships.values_list("conversation_id", flat=True))
        return memberships.filter(conversation_id__in=rules.taking_part_in(user, ids))
    # The user's current groups as read once per request (groups.queries.member_group_ids).
    return memberships.filter(
        Q(conversation__group__isnull=True) | Q(conversation__group_id__in=member_group_ids(user))
    )


def other_members(conversation: Conversation, user) -> list:
    return [
        member.user
        for member in conversation.members.exclude(user=user)
        .select_related("user__profile")
        .order_by("user__last_name", "user__first_name")
    ]


def read_position(user, conversation: Conversation) -> int:
    return (
        ConversationMember.objects.filter(conversation=conversation, user=user)
        .values_list("last_read_seq", flat=True)
        .first()
        or 0
    )


def _messages(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("sender__profile", "reply_to").prefetch_related(
        "reactions", "attachments"
    )


def changes_after(conversation: Conversation, seq: int, change: int | None, limit: int = MAX_PAGE) -> list[Message]:
    """What a client holding every change up to `change` lacks, in the order it happened: the messages
    stored, edited, deleted or reacted to since, each once in its latest state, ordered by change number.
    Without `change`, everything changed since message `seq` was stored.

    Only the change number selects: a message's number is that of its latest change, so one the client
    lacks has a number above `change`, and a page ending at number N lets the next ask from N. (Selecting
    `seq > seq` too sent the client's held messages again, and a page of them could come back every round.)
    """
    limit = max(1, min(limit, MAX_PAGE))
    if change is None:
        change = created_change_of(conversation, seq)
    return list(_messages(conversation).filter(change__gt=change).order_by("change")[:limit])


def created_change_of(conversation: Conversation, seq: int) -> int:
    """The change number at which message `seq` was stored (0 before the first, the last past the end)."""
    if seq <= 0:
        return 0
    found = conversation.messages.filter(seq=seq).values_list("created_change", flat=True).first()
    return conversation.last_change if found is None else found


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


def my_reactions(user, messages) -> dict[int, list[str]]:
    """{message id: [emoji the user gave]} for these messages (their reactions are prefetched)."""
    mine: dict[int, list[str]] = {}
    for message in messages:
        for reaction in message.reactions.all():
            if reaction.user_id == user.pk:
                mine.setdefault(message.pk, []).append(reaction.emoji)
    return mine


def versions_of(user, conversation: Conversation, message_id: int) -> list[tuple[str, datetime]]:
    """[(text, written at)] of a message of this conversation, newest first; 404 when not visible or deleted."""
    message = conversation.messages.filter(pk=message_id, deleted_at__isnull=True).first()
    if message is None or not conversation.members.filter(user=user).exists():
        raise Http404("No such message.")
    edits = list(message.edits.all())
    # Each earlier text was current from the previous change until it was replaced.
    starts = [message.created_at, *(edit.replaced_at for edit in edits)]
    versions = [(edit.body, start) for edit, start in zip(edits, starts, strict=False)]
    versions.append((message.body, starts[-1]))
    return versions[::-1]

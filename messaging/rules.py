"""Who may talk to whom, and who takes part in a conversation now: the one rule of messaging.

The pair rule: two people may talk when both accounts are active and either neither is a guest
(staff talk with staff, across municipalities) or they are current members of a common group (a
membership counts until its `access_until`; a removed one does not).

A conversation applies the pair rule to its members as they are *now*, on every read, send and live
copy (nothing waits for a signal: end dates pass and rows change by update()):
- the chat of a group space: its participants are the members who are current members of the group;
- a direct or group conversation: every active staff member takes part; a guest takes part when they
  may talk with every active staff member in it, and with every other guest who passes that test.
  (A guest whose access ended drops out; they never take the others out with them.)

Only participants read the conversation, receive its live copies, typing and presence, and write in
it; a member row alone grants nothing. In a direct conversation writing needs the pair rule as well
(a message nobody may receive is refused, `not_allowed`).
"""

from dataclasses import dataclass, field

from groups.queries import current_memberships
from messaging.models import Conversation, ConversationMember


def may_talk(user, other) -> bool:
    """The pair rule. Guests talk only with people who share a current group with them."""
    if not (user.is_guest or other.is_guest):
        return True
    shared = current_memberships().filter(user=other).values("group_id")
    return current_memberships().filter(user=user, group_id__in=shared).exists()


@dataclass(frozen=True)
class Member:
    user_id: int
    active: bool
    guest: bool


@dataclass(frozen=True)
class Audience:
    """A conversation's members and which of them take part now."""

    conversation_id: int
    kind: str
    group_id: int | None
    members: dict[int, Member]
    participants: frozenset[int] = field(default_factory=frozenset)

    def others(self, user_id: int) -> list[int]:
        return [member_id for member_id in self.members if member_id != user_id]


def participating(staff: set[int], guests: set[int], groups_of: dict[int, set[int]]) -> set[int]:
    """The pure rule for direct and group conversations, over active members only.

    `groups_of` maps a user id to the ids of the groups they are a current member of (at least those
    the conversation's guests are in)."""

    def share(one: int, other: int) -> bool:
        return bool(groups_of.get(one, set()) & groups_of.get(other, set()))

    candidates = {guest for guest in guests if all(share(guest, person) for person in staff)}
    return staff | {guest for guest in candidates if all(share(guest, other) for other in candidates if other != guest)}


def audience(conversation_id) -> Audience | None:
    """Who is in the conversation and who takes part now (None when it does not exist or has no one).

    Two or three queries: the member rows; for a space chat the group's current members among them;
    for a conversation with guests, the current group memberships that could connect them."""
    if isinstance(conversation_id, bool) or not isinstance(conversation_id, int):
        return None
    # Plain values, not model instances: a group conversation has hundreds of members and this runs on
    # every send.
    rows = list(
        ConversationMember.objects.filter(conversation_id=conversation_id).values_list(
            "user_id", "user__is_active", "user__is_guest", "conversation__kind", "conversation__group_id"
        )
    )
    if not rows:
        return None
    members = {user_id: Member(user_id, active, guest) for user_id, active, guest, _kind, _group in rows}
    _user, _active, _guest, kind, group_id = rows[0]
    active = {member.user_id for member in members.values() if member.active}
    if kind == Conversation.Kind.SPACE:
        participants = _current_group_members(group_id, active)
    else:
        guests = {user_id for user_id in active if members[user_id].guest}
        staff = active - guests
        participants = participating(staff, guests, _groups_around(guests, active)) if guests else staff
    return Audience(conversation_id, kind, group_id, members, frozenset(participants))


def takes_part(user, conversation_id) -> bool:
    """Whether the user takes part in the conversation now (reads it, receives it, may write in it)."""
    if not user.is_authenticated or not user.is_active:
        return False
    found = audience(conversation_id)
    return found is not None and user.pk in found.participants


def taking_part_in(user, conversation_ids) -> set[int]:
    """Which of these conversations (ids) the user takes part in now: one audience each, so for the few
    conversations of a guest (queries.conversations_of keeps one query for staff)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {pk for pk in conversation_ids if (found := audience(pk)) is not None and user.pk in found.participants}


def _current_group_members(group_id: int | None, user_ids) -> set[int]:
    if group_id is None:
        return set()
    return set(
        current_memberships().filter(group_id=group_id, user_id__in=list(user_ids)).values_list("user_id", flat=True)
    )


def _groups_around(guests: set[int], user_ids: set[int]) -> dict[int, set[int]]:
    """{user id: current groups} among these users, limited to the groups the guests are in now."""
    guest_groups = current_memberships().filter(user_id__in=list(guests)).values("group_id")
    groups_of: dict[int, set[int]] = {}
    for user_id, group_id in (
        current_memberships()
        .filter(user_id__in=list(user_ids), group_id__in=guest_groups)
        .values_list("user_id", "group_id")
    ):
        groups_of.setdefault(user_id, set()).add(group_id)
    return groups_of

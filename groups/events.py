"""Domain events of groups, published on commit through core.events.

Apps above groups (notifications) subscribe; groups never call them. Events carry ids only.
Membership changes need no event of their own for search: it re-indexes on the Membership model's
signals (search/signals.py).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class JoinRequested:
    """A staff member asked to join a private group; its owners and moderators decide."""

    group_id: int
    request_id: int
    user_id: int


@dataclass(frozen=True)
class JoinRequestDecided:
    group_id: int
    user_id: int
    decided_by_id: int
    accepted: bool


@dataclass(frozen=True)
class MemberInvited:
    """An owner or moderator invited a colleague (not an emailed invitation of a partner)."""

    group_id: int
    user_id: int
    invited_by_id: int


@dataclass(frozen=True)
class RoleChanged:
    group_id: int
    user_id: int
    changed_by_id: int
    role: str

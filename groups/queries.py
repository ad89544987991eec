"""Which groups a user may see and read. Every view and API goes through here.

A guest's membership ends at its `access_until` unless renewed: every function here
counts only current memberships, so no read path can forget the end date.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core import request_memo
from groups.models import Group, Membership, MembershipRequest
from people.models import User

MANAGING_ROLES = {Membership.Role.OWNER, Membership.Role.MODERATOR}


def current_memberships() -> QuerySet[Membership]:
    """Memberships that give access now: of active users, not past their end date."""
    return Membership.objects.filter(
        Q(access_until__isnull=True) | Q(access_until__gt=timezone.now()), user__is_active=True
    )


def _own_memberships(user) -> dict[int, Membership]:
    """The user's current memberships by group id, read once per request (core.request_memo): a page
    asked for them in 4-6 subqueries and role checks. Still read at request time, under the same rule
    (current_memberships); groups.signals forgets them when the request changes a membership."""
    if not user.is_authenticated or not user.is_active:
        return {}
    return request_memo.remembered(
        ("groups.memberships", user.pk), lambda: {m.group_id: m for m in current_memberships().filter(user=user)}
    )


def member_group_ids(user) -> list[int]:
    return list(_own_memberships(user))


def current_member_ids(group_ids) -> QuerySet:
    """User ids of the current members of these groups (for other apps' visibility rules)."""
    return current_memberships().filter(group_id__in=group_ids).values("user_id")


def co_member_ids(user) -> QuerySet:
    """User ids of everyone who currently shares a group with the user (people.spaces: whom they see)."""
    return current_member_ids(member_group_ids(user))


def _member_of(user) -> Q:
    return Q(pk__in=member_group_ids(user))


def visible_groups(user) -> QuerySet[Group]:
    """Groups whose name and description the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Group.objects.none()
    if user.is_guest:
        return Group.objects.filter(_member_of(user))
    # A colleague invited into a secret group must see it to answer the invitation.
    invited = Q(pk__in=invitations_for(user).values("group_id"))
    return Group.objects.filter(
        Q(visibility__in=[Group.Visibility.PUBLIC, Group.Visibility.PRIVATE]) | _member_of(user) | invited
    )


def readable_groups(user) -> QuerySet[Group]:
    """Groups whose posts, comments and members the user may read."""
    if not user.is_authenticated or not user.is_active:
        return Group.objects.none()
    if user.is_guest:
        return Group.objects.filter(_member_of(user))
    return Group.objects.filter(Q(visibility=Group.Visibility.PUBLIC) | _member_of(user))


def groups_of(user) -> QuerySet[Group]:
    if not user.is_authenticated or not user.is_active:
        return Group.objects.none()
    return Group.objects.filter(_member_of(user)).order_by("name")


def get_visible_group(user, key: str) -> Group:
    """The group, or 404: a group the user may not see does not exist for them."""
    group = visible_groups(user).filter(key=key).first()
    if group is None:
        raise Http404("No such group.")
    return group


def can_read(user, group: Group) -> bool:
    """readable_groups' rule for one group, from the memberships read once per request (no query)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if group.pk in _own_memberships(user):
        return True
    return not user.is_guest and group.visibility == Group.Visibility.PUBLIC


def membership_of(user, group: Group) -> Membership | None:
    if not user.is_authenticated:
        return None
    return _own_memberships(user).get(group.pk)


def managed_group_ids(user) -> list[int]:
    """Groups this user owns or moderates (current memberships only)."""
    if not user.is_authenticated:
        return []
    return [group_id for group_id, m in _own_memberships(user).items() if m.role in MANAGING_ROLES]


def role_of(user, group: Group) -> str | None:
    membership = membership_of(user, group)
    return membership.role if membership else None


def can_invite(user, group: Group) -> bool:
    return not user.is_guest and role_of(user, group) in MANAGING_ROLES


def can_moderate(user, group: Group) -> bool:
    return role_of(user, group) in MANAGING_ROLES


def can_request_to_join(user, group: Group) -> bool:
    return (
        user.is_authenticated
        and not user.is_guest
        and group.visibility == Group.Visibility.PRIVATE
        and role_of(user, group) is None
    )


def members(group: Group) -> QuerySet[Membership]:
    return (
        current_memberships()
        .filter(group=group)
        .select_related("user__profile__organisation", "sponsor")
        .order_by("user__last_name", "user__first_name")
    )


def pending_requests(group: Group) -> QuerySet[MembershipRequest]:
    """Join requests waiting for the group's owners or moderators."""
    return group.membership_requests.filter(
        kind=MembershipRequest.Kind.REQUEST, status=MembershipRequest.Status.PENDING
    ).select_related("user__profile__organisation")


def pending_request_of(user, group: Group) -> MembershipRequest | None:
    if not user.is_authenticated:
        return None
    return group.membership_requests.filter(user=user, status=MembershipRequest.Status.PENDING).first()


def invitations_for(user) -> QuerySet[MembershipRequest]:
    """Invitations into groups waiting for this staff member's answer."""
    if not user.is_authenticated or user.is_guest:
        return MembershipRequest.objects.none()
    return MembershipRequest.objects.filter(
        user=user, kind=MembershipRequest.Kind.INVITATION, status=MembershipRequest.Status.PENDING
    ).select_related("group", "created_by")


def ended_guests(group: Group) -> QuerySet[Membership]:
    """Guests whose access has ended; owners and moderators may renew them."""
    return group.memberships.filter(
        role=Membership.Role.GUEST, access_until__lte=timezone.now(), user__is_active=True
    ).select_related("user__profile__organisation", "sponsor")


def get_membership(group: Group, pk: int, **filters) -> Membership:
    """One membership row of the group (with its user), or 404."""
    membership = Membership.objects.select_related("user", "group").filter(group=group, pk=pk, **filters).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


def colleague_with_address(email: str):
    """The active staff account with this address, if any (a colleague to invite as a member)."""
    return User.objects.filter(email__iexact=email, is_active=True, is_guest=False).first()


# The roles a handover passes on (groups/succession_services.py): members and guests hold nothing to hand over.
HANDED_ROLES = (Membership.Role.OWNER, Membership.Role.MODERATOR)


def handed_roles(user, viewer=None) -> QuerySet[Membership]:
    """The owner and moderator roles the user holds. With a viewer (who hands them over), only in groups the
    viewer may see: a manager does not learn the names of secret groups."""
    roles = Membership.objects.filter(user=user, role__in=HANDED_ROLES).select_related("group").order_by("group__name")
    return roles if viewer is None else roles.filter(group__in=visible_groups(viewer))


def groups_left_without_owner(viewer, user) -> list[Group]:
    """Groups the user owns (those the viewer sees) that no current member owns: once the user's account is
    closed, nobody can change their settings or name owners."""
    owned = handed_roles(user, viewer).filter(role=Membership.Role.OWNER)
    return [m.group for m in owned if not members(m.group).filter(role=Membership.Role.OWNER).exists()]

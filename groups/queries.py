"""Which groups a user may see and read. Every view and API goes through here."""

from django.db.models import Q, QuerySet
from django.http import Http404

from groups.models import Group, Membership


def member_group_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).values_list("group_id", flat=True))


def visible_groups(user) -> QuerySet[Group]:
    """Groups whose name and description the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Group.objects.none()
    if user.is_guest:
        return Group.objects.filter(memberships__user=user)
    return Group.objects.filter(
        Q(visibility__in=[Group.Visibility.PUBLIC, Group.Visibility.PRIVATE]) | Q(memberships__user=user)
    ).distinct()


def readable_groups(user) -> QuerySet[Group]:
    """Groups whose posts, comments and members the user may read."""
    if not user.is_authenticated or not user.is_active:
        return Group.objects.none()
    if user.is_guest:
        return Group.objects.filter(memberships__user=user)
    return Group.objects.filter(Q(visibility=Group.Visibility.PUBLIC) | Q(memberships__user=user)).distinct()


def groups_of(user) -> QuerySet[Group]:
    if not user.is_authenticated:
        return Group.objects.none()
    return Group.objects.filter(memberships__user=user).order_by("name")


def get_visible_group(user, key: str) -> Group:
    """The group, or 404: a group the user may not see does not exist for them."""
    group = visible_groups(user).filter(key=key).first()
    if group is None:
        raise Http404("No such group.")
    return group


def can_read(user, group: Group) -> bool:
    return readable_groups(user).filter(pk=group.pk).exists()


def role_of(user, group: Group) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, group=group).values_list("role", flat=True).first()


def can_invite(user, group: Group) -> bool:
    return not user.is_guest and role_of(user, group) in {Membership.Role.OWNER, Membership.Role.MODERATOR}


def can_moderate(user, group: Group) -> bool:
    return role_of(user, group) in {Membership.Role.OWNER, Membership.Role.MODERATOR}


def members(group: Group) -> QuerySet[Membership]:
    return group.memberships.select_related("user__profile__organisation").order_by(
        "user__last_name", "user__first_name"
    )

"""Who may find a content document: access markers stored in the document, and the keys a
searcher holds. A document is found when they share one. The markers follow the read rules
in groups.queries, feed.queries and people.network_queries:

- "staff": every active staff member (public and private groups' names, public groups'
  posts, organisations, contacts shared with the cooperating municipalities, pages);
- "group:<id>": the current members of the group (staff or guest), so secret groups and
  private groups' posts; memberships are read at query time (groups.queries), so joining,
  leaving or an ended guest access needs no re-indexing;
- "user:<id>": a staff member invited into a secret group (they must see it to answer);
- "profile:<id>": a colleague who knows or added a contact (any visibility level);
- "org:<id>": staff of the organisation of a colleague who knows or added an
  "organisation"-level contact.
Hidden posts are never indexed (moderators read them in the group, not in search).
"""

from groups.models import Group, MembershipRequest
from groups.queries import member_group_ids
from people.models import ExternalContact, Profile
from search.content import GUEST_KINDS, KINDS

STAFF = "staff"


def group_marker(group_id: int) -> str:
    return f"group:{group_id}"


def group_access(group: Group, invited_user_ids=()) -> list[str]:
    markers = [group_marker(group.pk)]
    if group.visibility in (Group.Visibility.PUBLIC, Group.Visibility.PRIVATE):
        markers.append(STAFF)
    markers += [f"user:{pk}" for pk in sorted(invited_user_ids)]
    return markers


def pending_invitees(group: Group) -> list[int]:
    return list(
        group.membership_requests.filter(
            kind=MembershipRequest.Kind.INVITATION, status=MembershipRequest.Status.PENDING, user__is_guest=False
        ).values_list("user_id", flat=True)
    )


def post_access(group: Group) -> list[str]:
    markers = [group_marker(group.pk)]
    if group.visibility == Group.Visibility.PUBLIC:
        markers.append(STAFF)
    return markers


def contact_access(contact: ExternalContact, knowers: list[Profile]) -> list[str]:
    markers = {f"profile:{profile.pk}" for profile in knowers}
    if contact.visibility == ExternalContact.Visibility.COOPERATING:
        markers.add(STAFF)
    elif contact.visibility == ExternalContact.Visibility.ORGANISATION:
        markers |= {f"org:{profile.organisation_id}" for profile in knowers}
    return sorted(markers)


def keys_for(user) -> frozenset[str]:
    """The markers this user holds (empty: finds nothing)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    groups = {group_marker(pk) for pk in member_group_ids(user)}
    if user.is_guest:
        return frozenset(groups)
    keys = groups | {STAFF, f"user:{user.pk}"}
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        keys |= {f"profile:{profile.pk}", f"org:{profile.organisation_id}"}
    return frozenset(keys)


def kinds_for(user) -> tuple[str, ...]:
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    return GUEST_KINDS if user.is_guest else KINDS

"""The viewer's memberships are read once per reading request (core.request_memo): never carried into
another request or to another user, and read again when the same request changes a membership."""

import pytest

from core import request_memo
from groups import queries
from groups.models import Group, Membership
from tests import factories

pytestmark = pytest.mark.django_db


def secret_group(key: str, members: dict):
    return factories.group(key, f"Secret {key}", visibility=Group.Visibility.SECRET, members=members)


def test_a_removed_member_loses_the_group_on_the_next_page(client):
    alice = factories.person("Alice", "Member")
    group = secret_group("memo-secret", {alice: Membership.Role.MEMBER})
    group.memberships.create(user=factories.person("Olli", "Owner"), role=Membership.Role.OWNER)
    client.force_login(alice)
    first = client.get(f"/groups/{group.key}/")
    assert first.status_code == 200
    Membership.objects.filter(group=group, user=alice).delete()
    second = client.get(f"/groups/{group.key}/")
    assert second.status_code == 404  # nothing remembered from the request before


def test_the_memo_is_per_user_and_ends_with_the_request():
    alice, bob = factories.person("Alice", "Member"), factories.person("Bob", "Outsider")
    group = secret_group("memo-per-user", {alice: Membership.Role.OWNER})
    token = request_memo.start()
    try:
        assert queries.role_of(alice, group) == Membership.Role.OWNER
        assert queries.role_of(bob, group) is None
        assert not queries.can_read(bob, group)
    finally:
        request_memo.end(token)
    Membership.objects.create(group=group, user=bob, role=Membership.Role.MEMBER)
    assert queries.role_of(bob, group) == Membership.Role.MEMBER  # outside a request: read afresh


def test_a_membership_written_in_the_request_is_seen_at_once():
    alice = factories.person("Alice", "Member")
    group = secret_group("memo-write", {})
    token = request_memo.start()
    try:
        assert queries.member_group_ids(alice) == []
        membership = Membership.objects.create(group=group, user=alice, role=Membership.Role.MODERATOR)
        assert queries.member_group_ids(alice) == [group.pk]
        assert queries.can_moderate(alice, group)
        membership.role = Membership.Role.MEMBER
        membership.save()
        assert not queries.can_moderate(alice, group)
        membership.delete()
        assert not queries.can_read(alice, group)
    finally:
        request_memo.end(token)

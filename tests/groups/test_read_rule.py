"""The group rule called directly, as other apps call it (mentions, expert suggestions, search): every
kind of user against a public, a private and a secret group, including accounts that pages never let in
(closed accounts, guests whose access ended). The per-group checks agree with the queries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from groups import queries
from groups.models import Group, Membership
from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC, PRIVATE, SECRET = Group.Visibility.PUBLIC, Group.Visibility.PRIVATE, Group.Visibility.SECRET
MEMBER, GUEST = Membership.Role.MEMBER, Membership.Role.GUEST

# Which of the groups (public, private, secret) each user may read, may see and may ask to join.
# Everyone here is a member of all three groups, or of none.
EXPECTED = {
    #                    read                  see                       ask to join
    "staff_member": ({PUBLIC, PRIVATE, SECRET}, {PUBLIC, PRIVATE, SECRET}, set()),
    "staff_outsider": ({PUBLIC}, {PUBLIC, PRIVATE}, {PRIVATE}),
    "guest_member": ({PUBLIC, PRIVATE, SECRET}, {PUBLIC, PRIVATE, SECRET}, set()),
    "guest_outsider": (set(), set(), set()),
    "guest_ended": (set(), set(), set()),
    # Closed accounts never reach a page (they are signed out), so asking to join is not theirs to check.
    "closed_member": (set(), set(), None),
    "closed_outsider": (set(), set(), None),
    "anonymous": (set(), set(), set()),
}


@pytest.fixture
def scene():
    users = {
        "staff_member": factories.person("Sanna", "Member"),
        "staff_outsider": factories.person("Olli", "Outsider"),
        "guest_member": factories.person("Gina", "Guest", guest=True),
        "guest_outsider": factories.person("Hugo", "Guest", guest=True),
        "guest_ended": factories.person("Eino", "Ended", guest=True),
        "closed_member": factories.person("Kaisa", "Closed", active=False),
        "closed_outsider": factories.person("Kalle", "Closed", active=False),
        "anonymous": AnonymousUser(),
    }
    ended = timezone.now() - timedelta(days=1)
    groups = {}
    for visibility in (PUBLIC, PRIVATE, SECRET):
        group = factories.group(f"rule-{visibility}", visibility=visibility)
        Membership.objects.create(group=group, user=users["staff_member"], role=MEMBER)
        Membership.objects.create(group=group, user=users["guest_member"], role=GUEST)
        Membership.objects.create(group=group, user=users["guest_ended"], role=GUEST, access_until=ended)
        Membership.objects.create(group=group, user=users["closed_member"], role=MEMBER)
        groups[visibility] = group
    return users, groups


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_user_reads_sees_and_may_ask_to_join_exactly_the_allowed_groups(scene, who):
    users, groups = scene
    user = users[who]
    may_read, may_see, may_ask = EXPECTED[who]
    assert {g.visibility for g in groups.values() if queries.can_read(user, g)} == may_read
    assert set(queries.readable_groups(user).values_list("visibility", flat=True)) == may_read
    assert set(queries.visible_groups(user).values_list("visibility", flat=True)) == may_see
    if may_ask is not None:
        assert {g.visibility for g in groups.values() if queries.can_request_to_join(user, g)} == may_ask
    for visibility, group in groups.items():
        if visibility in may_see:
            assert queries.get_visible_group(user, group.key) == group
        else:
            with pytest.raises(Http404):
                queries.get_visible_group(user, group.key)


def test_only_current_members_of_active_accounts_count():
    users = {
        "open": factories.person("Aino", "Open", guest=True),
        "ending": factories.person("Tuuli", "Ending", guest=True),
        "ended": factories.person("Eino", "Ended", guest=True),
        "closed": factories.person("Kaisa", "Closed", active=False),
    }
    group = factories.group("rule-current")
    now = timezone.now()
    until = {"open": None, "ending": now + timedelta(days=1), "ended": now - timedelta(days=1), "closed": None}
    for name, user in users.items():
        Membership.objects.create(group=group, user=user, role=GUEST, access_until=until[name])
    current = set(queries.current_memberships().filter(group=group).values_list("user__first_name", flat=True))
    assert current == {"Aino", "Tuuli"}

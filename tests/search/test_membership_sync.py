"""Group memberships reach the people index through search's own receivers (search/signals.py): the
groups app's services do not call search. Each service that adds, changes or ends a membership is
followed, once its transaction commits, by the guest being found (or no longer found) by the group's
members."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups import services
from groups.models import Invitation, Membership
from search.backends import get_backend
from search.models import SearchDocument
from search.queries import search_people
from tests import factories
from tests.search.conftest import keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(reindex):
    org = factories.organisation("kerava", "Keravan kaupunki")
    partner = factories.organisation("yliopisto", "Helsingin yliopisto", home=False)
    owner = factories.person("Olli", "Owner", key="owner", org=org)
    member = factories.person("Maija", "Member", key="member", org=org)
    guest = factories.person("Gustav", "Gäst", key="guest", org=partner, guest=True)
    group = factories.group("hanke", "Hanke", members={owner: Membership.Role.OWNER, member: Membership.Role.MEMBER})
    reindex()
    return {"owner": owner, "member": member, "guest": guest, "group": group, "partner": partner}


def indexed_groups(user) -> list[int]:
    return SearchDocument.objects.get(profile_id=user.profile.pk).audience.get("group_ids")


def test_a_guest_is_found_once_they_join_and_not_after_they_are_removed(scene, django_capture_on_commit_callbacks):
    assert keys(search_people(scene["member"], "Gustav")) == [], "a guest outside the member's groups"
    invitation = Invitation.objects.create(
        group=scene["group"],
        email="gustav@example.org",
        organisation=scene["partner"],
        invited_by=scene["owner"],
        expires_at=timezone.now() + timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.accept_invitation(scene["guest"], invitation)
    get_backend().refresh()
    assert indexed_groups(scene["guest"]) == [scene["group"].pk]
    assert keys(search_people(scene["member"], "Gustav")) == ["guest"]

    with django_capture_on_commit_callbacks(execute=True):
        services.renew_guest(scene["owner"], membership, timezone.now() + timedelta(days=30))
    assert indexed_groups(scene["guest"]) == [scene["group"].pk]

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_member(scene["owner"], membership)
    get_backend().refresh()
    assert indexed_groups(scene["guest"]) == []
    assert keys(search_people(scene["member"], "Gustav")) == []


def test_leaving_and_creating_groups_update_the_persons_document(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = services.create_group(
            scene["member"],
            name="Uusi",
            description="",
            visibility="public",
            owning=scene["member"].profile.organisation,
        )
    assert sorted(indexed_groups(scene["member"])) == sorted([scene["group"].pk, created.pk])

    with django_capture_on_commit_callbacks(execute=True):
        services.leave_group(scene["member"], scene["group"])
    assert indexed_groups(scene["member"]) == [created.pk]

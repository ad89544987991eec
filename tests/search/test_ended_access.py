"""A guest's access to a group ends by date, with no save to re-index anything: the scheduler's
`search_ended_access` job makes the group's members stop finding the guest through that group."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Membership
from scheduler.registry import jobs
from search.backends import get_backend
from search.queries import search_people
from search.schedules import reindex_people_whose_access_ended
from tests import factories
from tests.search.conftest import keys

pytestmark = pytest.mark.django_db


def test_members_stop_finding_a_guest_once_the_guests_access_has_ended(reindex):
    org = factories.organisation("kerava", "Keravan kaupunki")
    partner = factories.organisation("yliopisto", "Helsingin yliopisto", home=False)
    member = factories.person("Maija", "Member", key="member", org=org)
    guest = factories.person("Gustav", "Gäst", key="guest", org=partner, guest=True)
    factories.group("hanke", "Hanke", members={member: Membership.Role.MEMBER, guest: Membership.Role.GUEST})
    reindex()
    assert keys(search_people(member, "Gustav")) == ["guest"]

    # The end date passes quietly (set in the past without a save signal), then the job runs.
    Membership.objects.filter(user=guest).update(access_until=timezone.now() - timedelta(minutes=5))
    assert reindex_people_whose_access_ended() == 1
    get_backend().refresh()

    assert keys(search_people(member, "Gustav")) == []
    assert "search_ended_access" in {job.name for job in jobs()}


def test_memberships_that_ended_long_ago_or_not_yet_are_left_alone(reindex):
    org = factories.organisation("kerava", "Keravan kaupunki")
    guest = factories.person("Gustav", "Gäst", key="guest", org=org, guest=True)
    later = factories.person("Lotta", "Later", key="later", org=org, guest=True)
    factories.group("hanke", "Hanke", members={guest: Membership.Role.GUEST, later: Membership.Role.GUEST})
    Membership.objects.filter(user=guest).update(access_until=timezone.now() - timedelta(days=3))
    Membership.objects.filter(user=later).update(access_until=timezone.now() + timedelta(days=3))
    assert reindex_people_whose_access_ended() == 0

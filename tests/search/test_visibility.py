"""Who can find whom: guests only within their groups, nobody finds inactive users."""

import pytest
from django.contrib.auth.models import AnonymousUser

from groups.models import Membership
from people.models import ProfileSkill
from search.queries import search_people, search_people_as_operator
from search.visibility import NOBODY, SYSTEM, allows
from tests import factories
from tests.search.conftest import keys

pytestmark = pytest.mark.django_db

MEMBER = Membership.Role.MEMBER


@pytest.fixture
def scene(procurement, reindex):
    home = factories.organisation("vantaa", "Vantaan kaupunki")
    partner = factories.organisation("firma", "Konsulttipalvelut Oy", home=False)
    people = {
        "staff": factories.person("Sanna", "Staff", key="staff", org=home, skills={procurement: 3}),
        "colleague": factories.person("Kalle", "Colleague", key="colleague", org=home, skills={procurement: 2}),
        "guest": factories.person("Gina", "Guest", key="guest", org=partner, guest=True, skills={procurement: 4}),
        "other-guest": factories.person(
            "Olli", "Outsider", key="other-guest", org=partner, guest=True, skills={procurement: 4}
        ),
        "inactive": factories.person(
            "Iris", "Inactive", key="inactive", org=home, active=False, skills={procurement: 4}
        ),
        "loner-guest": factories.person("Lauri", "Loner", key="loner-guest", org=partner, guest=True),
    }
    factories.group("project", members={people["staff"]: MEMBER, people["guest"]: Membership.Role.GUEST})
    factories.group("other", members={people["colleague"]: MEMBER, people["other-guest"]: Membership.Role.GUEST})
    # Guests find people only by the skills shown to them (tests/search/test_field_visibility.py).
    ProfileSkill.objects.update(shown_to_guests=True)
    reindex()
    return people


def test_staff_find_all_staff_and_the_guests_of_their_groups(scene):
    found = keys(search_people(scene["staff"], "hankinnat"))
    assert found == ["guest", "staff", "colleague"]


def test_guest_finds_only_people_sharing_a_group(scene):
    assert keys(search_people(scene["guest"], "hankinnat")) == ["guest", "staff"]
    assert keys(search_people(scene["other-guest"], "hankinnat")) == ["other-guest", "colleague"]


def test_guest_without_groups_finds_nobody(scene):
    results = search_people(scene["loner-guest"], "hankinnat")
    assert results.hits == [] and results.total == 0


def test_guest_does_not_find_other_staff_even_by_name(scene):
    assert keys(search_people(scene["guest"], "Kalle Colleague")) == []


def test_inactive_users_are_never_found(scene):
    assert "inactive" not in keys(search_people(scene["staff"], "hankinnat Iris Inactive"))
    assert "inactive" not in keys(search_people_as_operator("hankinnat Iris Inactive", 100))


def test_anonymous_and_deactivated_searchers_find_nobody(scene):
    assert search_people(AnonymousUser(), "hankinnat").hits == []
    searcher = scene["staff"]
    searcher.is_active = False
    assert search_people(searcher, "hankinnat").hits == []


def test_operator_finds_every_active_user(scene):
    found = keys(search_people_as_operator("hankinnat", 100))
    assert sorted(found) == ["colleague", "guest", "other-guest", "staff"]


def test_the_rule_itself_lets_an_audience_of_nobody_find_no_one_and_no_one_find_a_closed_account():
    # The searches return early for such an audience, and closed accounts are not indexed; the rule
    # must not depend on either.
    staff = {"active": True, "former": False, "is_guest": False, "group_ids": [1]}
    for doc in (staff, {**staff, "is_guest": True}, {**staff, "former": True, "active": False}):
        assert not allows(NOBODY, doc)
        assert allows(SYSTEM, doc)
    assert not allows(SYSTEM, {**staff, "active": False})

"""The field rule (people.visibility) called directly, as search, exports and live copies call it: every
audience, including a closed account that pages never let in, and a person who widened or narrowed a
field's default audience."""

import pytest
from django.contrib.auth.models import AnonymousUser

from people.visibility import photo_visible, profile_view
from tests import factories

pytestmark = pytest.mark.django_db

# Aino's fields with their defaults (people.visibility.RESTRICTABLE): phone and availability for her own
# organisation, email and help-with for cooperating organisations.
FIELDS = ("phone", "email", "help_with", "shows_availability")
SHOWN = {
    "owner": {"phone", "email", "help_with", "shows_availability"},
    "same": {"phone", "email", "help_with", "shows_availability"},
    "coop": {"email", "help_with"},
    "guest": set(),
    "closed": set(),
    "anonymous": set(),
}


def viewer(net, who):
    if who == "anonymous":
        return AnonymousUser()
    if who == "closed":
        # A colleague of Aino's own organisation whose account has been closed.
        return factories.person("Kaisa", "Closed", org=net["owner"].profile.organisation, active=False)
    return net[who]


def shown(view) -> set[str]:
    return {name for name in FIELDS if getattr(view, name)}


@pytest.mark.parametrize("who", list(SHOWN))
def test_each_audience_gets_exactly_its_fields(net, who):
    view = profile_view(viewer(net, who), net["owner"].profile)
    assert view.name == "Aino Asiantuntija"
    assert shown(view) == SHOWN[who]


@pytest.mark.parametrize("who", list(SHOWN))
def test_a_phone_opened_to_cooperating_colleagues_and_a_help_text_kept_in_the_organisation(net, who):
    profile = net["owner"].profile
    profile.field_visibility = {"phone": "cooperating", "help_with": "organisation"}
    profile.save()
    expected = {"owner": FIELDS, "same": FIELDS, "coop": {"phone", "email"}}.get(who, set())
    assert shown(profile_view(viewer(net, who), profile)) == set(expected)


@pytest.mark.parametrize("who", list(SHOWN))
def test_a_profile_without_a_photo_shows_none_and_a_photo_follows_the_rule(net, who):
    profile, seer = net["owner"].profile, viewer(net, who)
    assert not photo_visible(seer, profile)
    profile.photo = "profile-photos/aino-0000abcd.jpg"
    assert photo_visible(seer, profile) == (who in {"owner", "same", "coop"})

"""A departed colleague's profile says "former staff" and "ask instead" to everyone who may see it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


def leave(profile, successor):
    profile.left_on = timezone.localdate()
    profile.successor = successor
    profile.save()
    profile.user.is_active = False
    profile.user.save()


@pytest.mark.parametrize(
    "who, sees",
    [
        ("same", True),
        ("coop", True),
        ("administrator", True),
        ("guest", False),
        ("anonymous", False),
        ("deactivated", False),
    ],
)
def test_every_audience_that_sees_a_former_colleague_is_pointed_at_the_successor(client, net, who, sees):
    owner = net["owner"].profile
    leave(owner, net["same"].profile)
    users = {
        "same": net["same"],
        "coop": net["coop"],
        "guest": net["guest"],
        "administrator": factories.person("Ada", "Admin", org=net["sipoo"]),
        "deactivated": factories.person("Dora", "Deactivated", org=net["kerava"]),
    }
    if who == "administrator":
        users[who].is_superuser = True
        users[who].save()
    if who in users:
        client.force_login(users[who])
    if who == "deactivated":
        users[who].is_active = False
        users[who].save()
    response = client.get(reverse("people:profile", args=[owner.key]))
    api = client.get(f"/api/v1/people/{owner.key}")
    if not sees:
        assert response.status_code in (302, 404) and api.status_code in (401, 404)
        return
    page = response.content.decode()
    assert "Former staff" in page and "Ask instead:" in page
    assert reverse("people:profile", args=[net["same"].profile.key]) in page.split("Ask instead:", 1)[1][:300]
    assert api.json()["former_staff"] is True and api.json()["ask_instead"] == net["same"].profile.key


def test_a_guest_who_shares_a_group_with_a_former_colleague_is_pointed_at_a_successor_they_may_see(client, net):
    # Aino left but her account was kept open by the directory: her guest partner still sees her.
    owner = net["owner"].profile
    owner.left_on = timezone.localdate()
    owner.successor = net["same"].profile
    owner.save()
    client.force_login(net["guest"])
    page = body(client.get(reverse("people:profile", args=[owner.key])))
    assert "Former staff" in page and "Ask instead:" not in page  # Kalle is not in the guest's groups
    factories.group("yhteinen", members={net["same"]: "member", net["guest"]: "guest"})
    page = client.get(reverse("people:profile", args=[owner.key])).content.decode()
    assert "Ask instead:" in page and "Kalle Kollega" in page


def test_ask_instead_follows_a_successor_who_has_left_too(client, net):
    owner, same, coop = net["owner"].profile, net["same"].profile, net["coop"].profile
    leave(owner, same)
    leave(same, coop)
    client.force_login(net["coop"])
    page = client.get(reverse("people:profile", args=[owner.key])).content.decode()
    assert "Ask instead:" in page and "Sanna Sipoolainen" in page.split("Ask instead:", 1)[1][:300]
    leave(coop, owner)  # a loop of leavers: nobody to ask
    other = factories.person("Olli", "Other", org=net["kerava"])
    client.force_login(other)
    assert "Ask instead:" not in body(client.get(reverse("people:profile", args=[owner.key])))

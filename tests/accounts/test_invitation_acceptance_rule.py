"""Every way an invited address can be held, against every signed-in visitor opening the link:
only the account that proved the address joins (an exhaustive small world, not examples)."""

import itertools
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from groups import services
from groups.models import Group, Membership
from people.models import Organisation, User
from tests import factories

pytestmark = pytest.mark.django_db

INVITED = "invited@acme.example"
HOLDINGS = [
    "nobody",
    "proven by the guest",
    "claimed by the guest",
    "claimed as the guest's login",
    "claimed by a colleague",
]
VISITORS = ["the guest", "another guest", "a colleague"]


def with_address(user, email, *, verified, primary):
    if primary:
        EmailAddress.objects.filter(user=user).update(primary=False)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=primary)
    if primary:
        User.objects.filter(pk=user.pk).update(email=email)


def world(holding):
    acme = factories.organisation("acme", "Acme Oy", home=False, kind=Organisation.Kind.COMPANY)
    owner = factories.person("Olli", "Omistaja")
    group = factories.group(
        "salainen", "Salainen", visibility=Group.Visibility.SECRET, members={owner: Membership.Role.OWNER}
    )
    people = {
        "the guest": factories.person("Gita", "Guest", guest=True, org=acme),
        "another guest": factories.person("Greta", "Toinen", guest=True, org=acme),
        "a colleague": factories.person("Kalle", "Kollega"),
    }
    for user in people.values():
        with_address(user, user.email, verified=True, primary=True)
    if holding == "proven by the guest":
        EmailAddress.objects.filter(user=people["the guest"]).delete()
        with_address(people["the guest"], INVITED, verified=True, primary=True)
    elif holding == "claimed by the guest":
        with_address(people["the guest"], INVITED, verified=False, primary=False)
    elif holding == "claimed as the guest's login":
        with_address(people["the guest"], INVITED, verified=False, primary=True)
    elif holding == "claimed by a colleague":
        with_address(people["a colleague"], INVITED, verified=False, primary=False)
    return owner, group, acme, {name: User.objects.get(pk=user.pk) for name, user in people.items()}


@pytest.mark.parametrize("holding,visitor", list(itertools.product(HOLDINGS, VISITORS)))
def test_only_the_proven_owner_joins(client, holding, visitor, django_capture_on_commit_callbacks):
    owner, group, acme, people = world(holding)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_guest(owner, group, INVITED, acme, "http://testserver")
    # Inviting adds nobody, and the link goes to the invited mailbox only.
    assert set(Membership.objects.filter(group=group).values_list("user", flat=True)) == {owner.pk}
    assert mail.outbox[-1].to == [INVITED]
    link = re.search(r"https?://[^/]+(/groups/invitation/[^/]+/)", mail.outbox[-1].body).group(1)

    client.force_login(people[visitor])
    client.post(link)
    joined = Membership.objects.filter(group=group, user=people[visitor]).exists()
    assert joined == (holding == "proven by the guest" and visitor == "the guest")
    response = client.get(f"/groups/{group.key}/")
    assert response.status_code == (200 if joined else 404)

"""Accounts from before addresses needed proof: their sign-up address was recorded unconfirmed.

An honest guest who signed up through an invitation keeps that address (the used link proves it) and
can accept the next invitation; an account left holding only someone else's unconfirmed address does
not become its owner when that claim lapses.
"""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from groups import addresses
from groups.models import Membership
from people.models import User
from tests.accounts.test_email_proof import PARTNER, guest_signed_up, invite, link_in_last_mail, scene, sign_up_through  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_guest_who_signed_up_before_proof_was_required_accepts_the_next_invitation(
    client, scene, django_capture_on_commit_callbacks
):
    guest = guest_signed_up(client, scene, django_capture_on_commit_callbacks, email=PARTNER)
    EmailAddress.objects.filter(user=guest).update(verified=False)  # as the earlier sign-up recorded it
    client.logout()

    invite(scene, django_capture_on_commit_callbacks)
    path = link_in_last_mail()
    response = client.post(path)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    guest.refresh_from_db()
    assert guest.email == PARTNER and EmailAddress.objects.filter(user=guest, email=PARTNER).exists()

    client.force_login(guest)
    assert client.post(path).status_code == 302
    assert Membership.objects.get(group=scene["secret"], user=guest).role == Membership.Role.GUEST


def test_an_account_holding_only_an_unconfirmed_claim_does_not_become_its_owner(
    client, scene, django_capture_on_commit_callbacks
):
    # The state the reported attack could leave: the guest's only address row is the partner's, unconfirmed.
    guest = guest_signed_up(client, scene, django_capture_on_commit_callbacks)
    EmailAddress.objects.filter(user=guest).delete()
    EmailAddress.objects.create(user=guest, email=PARTNER, verified=False, primary=True)
    User.objects.filter(pk=guest.pk).update(email=PARTNER)
    client.logout()

    invite(scene, django_capture_on_commit_callbacks)
    response = sign_up_through(client, link_in_last_mail(), PARTNER)
    assert response.status_code == 302
    partner = User.objects.get(email=PARTNER)
    assert partner.pk != guest.pk
    assert addresses.proven_owner(PARTNER) == partner
    assert Membership.objects.filter(group=scene["secret"], user=partner).exists()
    assert not Membership.objects.filter(group=scene["secret"], user=guest).exists()

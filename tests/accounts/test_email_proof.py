"""An email address counts for invitations, sign-in and matching only once its mailbox is proven.

The attack these tests replay: a guest adds someone else's address on /accounts/email/ without
confirming it; a moderator later invites that address; the guest must not be let in, and the real
owner of the mailbox must still be able to sign up through the invitation.
"""

import re
from urllib.parse import unquote

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from groups import services
from groups.models import Group, Invitation, Membership
from people.models import Organisation, User
from tests import factories

pytestmark = pytest.mark.django_db

PARTNER = "partner@acme.example"


@pytest.fixture
def scene():
    home = factories.organisation("kerava", "Kerava")
    acme = factories.organisation("acme", "Acme Oy", home=False, kind=Organisation.Kind.COMPANY)
    owner = factories.person("Olli", "Omistaja", org=home)
    secret = factories.group(
        "salainen", "Salainen hanke", visibility=Group.Visibility.PRIVATE, members={owner: Membership.Role.OWNER}
    )
    first = factories.group(
        "eka", "Eka hanke", visibility=Group.Visibility.PRIVATE, members={owner: Membership.Role.OWNER}
    )
    return {"owner": owner, "acme": acme, "secret": secret, "first": first}


def link_in_last_mail() -> str:
    return re.search(r"https?://[^/]+(/groups/invitation/[^/]+/)", mail.outbox[-1].body).group(1)


def invite(scene, on_commit, email=PARTNER, group="secret"):
    with on_commit(execute=True):
        return services.invite_guest(scene["owner"], scene[group], email, scene["acme"], "http://testserver")


def sign_up_through(client, path, email, first="Paula"):
    assert client.post(path).status_code == 302
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "first_name": first,
            "last_name": "Partner",
            "password1": "a-long-partner-password",
            "password2": "a-long-partner-password",
        },
    )


def guest_signed_up(client, scene, on_commit, email="gita@acme.example"):
    invite(scene, on_commit, email=email, group="first")
    response = sign_up_through(client, link_in_last_mail(), email, first="Gita")
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email=email)


def test_signing_up_through_an_invitation_records_the_invited_address_as_proven(
    client, scene, django_capture_on_commit_callbacks
):
    guest = guest_signed_up(client, scene, django_capture_on_commit_callbacks)
    address = EmailAddress.objects.get(user=guest)
    assert (address.email, address.verified, address.primary) == ("gita@acme.example", True, True)


def test_a_guest_cannot_add_or_switch_addresses(client, scene, django_capture_on_commit_callbacks):
    guest = guest_signed_up(client, scene, django_capture_on_commit_callbacks)
    page = client.get(reverse("account_email"))
    assert page.status_code == 403
    assert "invitation" in page.content.decode()
    response = client.post(reverse("account_email"), {"action_add": "", "email": PARTNER})
    assert response.status_code == 403
    response = client.post(reverse("account_email"), {"action_primary": "", "email": PARTNER})
    assert response.status_code == 403
    assert list(EmailAddress.objects.filter(user=guest).values_list("email", flat=True)) == ["gita@acme.example"]
    guest.refresh_from_db()
    assert guest.email == "gita@acme.example"


def test_the_reported_takeover_no_longer_lets_the_guest_in(client, scene, django_capture_on_commit_callbacks):
    # The state the attack left behind: the guest claims the partner's address, unconfirmed, as primary.
    guest = guest_signed_up(client, scene, django_capture_on_commit_callbacks)
    EmailAddress.objects.filter(user=guest).update(primary=False)
    EmailAddress.objects.create(user=guest, email=PARTNER, verified=False, primary=True)
    User.objects.filter(pk=guest.pk).update(email=PARTNER)
    client.logout()

    invitation = invite(scene, django_capture_on_commit_callbacks)
    assert invitation is not None
    assert not Membership.objects.filter(group=scene["secret"], user=guest).exists()
    assert mail.outbox[-1].to == [PARTNER]
    path = link_in_last_mail()

    # Even holding the link, the guest is refused: the address is not proven for that account.
    client.force_login(guest)
    landing = client.get(path)
    assert landing.status_code == 200
    client.post(path)
    assert not Membership.objects.filter(group=scene["secret"], user=guest).exists()
    assert client.get(reverse("groups:detail", args=["salainen"])).status_code == 404
    client.logout()

    # The real partner signs up through the link; the unconfirmed claim lapses.
    response = sign_up_through(client, path, PARTNER)
    assert response.status_code == 302, response.content.decode()[:2000]
    partner = User.objects.get(email=PARTNER)
    assert partner.pk != guest.pk and partner.is_guest
    assert Membership.objects.get(group=scene["secret"], user=partner).role == Membership.Role.GUEST
    assert EmailAddress.objects.get(email=PARTNER).user == partner
    guest.refresh_from_db()
    assert guest.email == "gita@acme.example"
    assert not Membership.objects.filter(group=scene["secret"], user=guest).exists()


def test_an_existing_guest_joins_only_by_opening_the_link_signed_in(client, scene, django_capture_on_commit_callbacks):
    guest = guest_signed_up(client, scene, django_capture_on_commit_callbacks, email=PARTNER)
    invitation = invite(scene, django_capture_on_commit_callbacks)
    assert invitation is not None
    assert not Membership.objects.filter(group=scene["secret"], user=guest).exists()
    assert client.get(reverse("groups:detail", args=["salainen"])).status_code == 404
    assert mail.outbox[-1].to == [PARTNER]

    path = link_in_last_mail()
    landing = client.get(path)
    assert landing.status_code == 200 and "Join the group" in landing.content.decode()
    response = client.post(path)
    assert response.status_code == 302
    membership = Membership.objects.get(group=scene["secret"], user=guest)
    assert membership.role == Membership.Role.GUEST and membership.sponsor == scene["owner"]
    assert Invitation.objects.get(pk=invitation.pk).accepted_by == guest
    assert client.get(reverse("groups:detail", args=["salainen"])).status_code == 200
    assert User.objects.filter(email=PARTNER).count() == 1


def test_a_signed_out_holder_of_the_address_is_sent_to_sign_in(client, scene, django_capture_on_commit_callbacks):
    guest_signed_up(client, scene, django_capture_on_commit_callbacks, email=PARTNER)
    client.logout()
    invite(scene, django_capture_on_commit_callbacks)
    path = link_in_last_mail()
    response = client.post(path)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert path in unquote(response["Location"])


def test_staff_cannot_make_an_unconfirmed_address_count(client, scene):
    staff = scene["owner"]
    response = client.post(reverse("account_login"), {"login": staff.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    # The directory's address is proven for colleagues.
    assert EmailAddress.objects.get(user=staff, email=staff.email).verified

    client.post(reverse("account_email"), {"action_add": "", "email": PARTNER})
    assert EmailAddress.objects.filter(user=staff, email=PARTNER, verified=False).exists()
    client.post(reverse("account_email"), {"action_primary": "", "email": PARTNER})
    staff.refresh_from_db()
    assert staff.email == "olli.omistaja@example.test"
    assert not EmailAddress.objects.get(user=staff, email=PARTNER).primary
    client.logout()

    # Signing in with the unconfirmed address does not log in.
    response = client.post(reverse("account_login"), {"login": PARTNER, "password": factories.PASSWORD})
    assert client.get(reverse("groups:list")).status_code == 302
    assert response.status_code in (200, 302)

    # An invitation to that address goes to the mailbox and is not refused as "a colleague's".
    invitation = services.invite_guest(staff, scene["secret"], PARTNER, scene["acme"], "http://testserver")
    assert invitation is not None


def test_password_reset_is_sent_only_for_a_proven_address(client, scene):
    staff = scene["owner"]
    # The colleague signs in once (their directory address is recorded), then types in another one.
    client.post(reverse("account_login"), {"login": staff.email, "password": factories.PASSWORD})
    client.post(reverse("account_email"), {"action_add": "", "email": PARTNER})
    assert EmailAddress.objects.filter(user=staff, email=PARTNER, verified=False).exists()
    client.logout()
    mail.outbox.clear()
    response = client.post(reverse("account_reset_password"), {"email": PARTNER})
    assert response.status_code == 302
    assert not any("password" in m.body.lower() and "/accounts/password/reset/key/" in m.body for m in mail.outbox)

    mail.outbox.clear()
    response = client.post(reverse("account_reset_password"), {"email": staff.email})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body

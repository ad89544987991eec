"""An external partner is invited into one group and can see only that group."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEntry
from groups.models import Group, Invitation, Membership
from people.models import Organisation, User
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    home = factories.organisation("kerava", "Kerava")
    partner_org = factories.organisation("acme", "Acme Oy", home=False, kind=Organisation.Kind.COMPANY)
    owner = factories.person("Olli", "Omistaja", org=home)
    project = factories.group(
        "hanke", "Yhteishanke", visibility=Group.Visibility.PRIVATE, members={owner: Membership.Role.OWNER}
    )
    other = factories.group("muu", "Muu ryhmä")
    return {"owner": owner, "project": project, "other": other, "partner_org": partner_org}


def invite(client, scene, on_commit, email="partner@acme.example"):
    client.force_login(scene["owner"])
    with on_commit(execute=True):
        response = client.post(
            reverse("groups:invite", args=["hanke"]), {"email": email, "organisation": scene["partner_org"].pk}
        )
    client.logout()
    return response


def invitation_path() -> str:
    return re.search(r"https?://[^/]+(/groups/invitation/[^/]+/)", mail.outbox[-1].body).group(1)


def test_invited_partner_signs_up_as_guest_of_that_group_only(client, scene, django_capture_on_commit_callbacks):
    response = invite(client, scene, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["partner@acme.example"]

    landing = client.get(invitation_path())
    assert "Yhteishanke" in landing.content.decode()
    response = client.post(invitation_path())
    assert response.status_code == 302 and "/accounts/signup/" in response["Location"]

    response = client.post(
        reverse("account_signup"),
        {
            "email": "partner@acme.example",
            "first_name": "Paula",
            "last_name": "Partner",
            "password1": "a-long-partner-password",
            "password2": "a-long-partner-password",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    guest = User.objects.get(email="partner@acme.example")
    assert guest.is_guest
    assert guest.profile.organisation == scene["partner_org"]
    assert Membership.objects.get(user=guest).group == scene["project"]
    assert Invitation.objects.get().accepted_by == guest
    assert AuditEntry.objects.filter(action="invitation.accept", actor=guest).exists()

    assert client.get(reverse("groups:detail", args=["hanke"])).status_code == 200
    assert client.get(reverse("groups:detail", args=["muu"])).status_code == 404
    assert client.get(reverse("people:profile", args=[scene["owner"].profile.key])).status_code == 200
    listing = body(client.get(reverse("groups:list")))
    assert "Yhteishanke" in listing and "Muu ryhmä" not in listing


def test_signup_is_closed_without_an_invitation(client, scene):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "stranger@example.org",
            "first_name": "S",
            "last_name": "T",
            "password1": "a-long-partner-password",
            "password2": "a-long-partner-password",
        },
    )
    assert not User.objects.filter(email="stranger@example.org").exists()
    assert response.status_code in (200, 302)


def test_invitation_must_be_used_with_the_invited_address(client, scene, django_capture_on_commit_callbacks):
    invite(client, scene, django_capture_on_commit_callbacks)
    client.post(invitation_path())
    response = client.post(
        reverse("account_signup"),
        {
            "email": "someone.else@acme.example",
            "first_name": "P",
            "last_name": "P",
            "password1": "a-long-partner-password",
            "password2": "a-long-partner-password",
        },
    )
    assert response.status_code == 200
    assert "partner@acme.example" in response.content.decode()
    assert not User.objects.filter(email="someone.else@acme.example").exists()


def test_used_invitation_cannot_be_used_again(client, scene, django_capture_on_commit_callbacks):
    invite(client, scene, django_capture_on_commit_callbacks)
    path = invitation_path()
    client.post(path)
    client.post(
        reverse("account_signup"),
        {
            "email": "partner@acme.example",
            "first_name": "P",
            "last_name": "P",
            "password1": "a-long-partner-password",
            "password2": "a-long-partner-password",
        },
    )
    client.logout()
    assert client.get(path).status_code == 404


def test_members_without_owner_role_cannot_invite(client, scene, django_capture_on_commit_callbacks):
    member = factories.person("Maija", "Jäsen", org=scene["owner"].profile.organisation)
    Membership.objects.create(group=scene["project"], user=member, role=Membership.Role.MEMBER)
    client.force_login(member)
    response = client.post(
        reverse("groups:invite", args=["hanke"]), {"email": "x@acme.example", "organisation": scene["partner_org"].pk}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_invalid_invitation_form_rerenders_with_message(client, scene):
    client.force_login(scene["owner"])
    response = client.post(reverse("groups:invite", args=["hanke"]), {"email": "not-an-email", "organisation": ""})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()


def test_login_and_logout_with_email_and_password(client, scene):
    response = client.post(reverse("account_login"), {"login": scene["owner"].email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("account_logout"))
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_wrong_password_is_refused_with_message(client, scene):
    response = client.post(reverse("account_login"), {"login": scene["owner"].email, "password": "wrong"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()

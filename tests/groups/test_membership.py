"""Joining, inviting, leaving and removal; guests' access ends at its end date unless renewed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from groups import queries
from groups.models import Group, Membership, MembershipRequest
from notifications.models import Notification
from people.queries import visible_profiles
from search.visibility import audience_for
from tests import factories
from tests.groups import scene as scenes
from tests.pages import absent

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return scenes.build()


def members_of(group) -> set[str]:
    return {m.user.first_name for m in queries.members(group)}


def test_staff_asks_to_join_a_private_group_and_a_moderator_approves(client, scene, django_capture_on_commit_callbacks):
    client.force_login(scene["other_staff"])
    page = client.get(reverse("groups:detail", args=["hanke"])).content.decode()
    assert "Ask to join" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("groups:request", args=["hanke"]))
    page = client.get(reverse("groups:detail", args=["hanke"])).content.decode()
    assert "You have asked to join" in page
    # Asking twice is refused, not duplicated.
    client.post(reverse("groups:request", args=["hanke"]))
    assert MembershipRequest.objects.filter(user=scene["other_staff"]).count() == 1
    told = set(Notification.objects.filter(kind="join_request").values_list("recipient__first_name", flat=True))
    assert told == {"Olli", "Mona"}

    client.force_login(scene["moderator"])
    page = client.get(reverse("groups:members", args=["hanke"])).content.decode()
    assert "Approve Sven Utanför" in page
    join_request = MembershipRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("groups:decide", args=["hanke", join_request.pk, "accept"]))
    assert "Sven" in members_of(scene["group"])
    assert Notification.objects.filter(recipient=scene["other_staff"], kind="request_accepted").exists()
    assert AuditEntry.objects.filter(action="group.request.accept").exists()


def test_asking_to_join_is_no_invitation_the_asker_could_accept(client, scene):
    client.force_login(scene["other_staff"])
    client.post(reverse("groups:request", args=["hanke"]))
    join_request = MembershipRequest.objects.get(user=scene["other_staff"])
    absent(client, reverse("groups:list"), "Invitations to groups")
    answer = client.post(reverse("groups:answer", args=[join_request.pk, "accept"]))
    assert answer.status_code == 404 and "Sven" not in members_of(scene["group"])


def test_a_declined_request_adds_nobody_and_members_cannot_decide(client, scene):
    client.force_login(scene["other_staff"])
    client.post(reverse("groups:request", args=["hanke"]))
    join_request = MembershipRequest.objects.get()
    client.force_login(scene["member"])
    response = client.post(reverse("groups:decide", args=["hanke", join_request.pk, "accept"]))
    assert response.status_code == 404
    client.force_login(scene["owner"])
    client.post(reverse("groups:decide", args=["hanke", join_request.pk, "decline"]))
    join_request.refresh_from_db()
    assert join_request.status == MembershipRequest.Status.DECLINED
    assert "Sven" not in members_of(scene["group"])


def test_guests_cannot_ask_to_join_and_public_groups_need_no_request(client, scene):
    public = factories.group("avoin", "Avoin")
    client.force_login(scene["other_staff"])
    client.post(reverse("groups:request", args=[public.key]))
    assert not MembershipRequest.objects.exists()
    client.force_login(scene["other_guest"])
    assert client.post(reverse("groups:request", args=["hanke"])).status_code == 404


def test_moderator_invites_a_colleague_into_a_secret_group(client, scene, django_capture_on_commit_callbacks):
    scene["group"].visibility = Group.Visibility.SECRET
    scene["group"].save()
    client.force_login(scene["other_staff"])
    assert client.get(reverse("groups:detail", args=["hanke"])).status_code == 404

    client.force_login(scene["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("groups:members", args=["hanke"]), {"email": scene["other_staff"].email})
    assert response.status_code == 302
    # Partners are invited by email, not this way.
    response = client.post(reverse("groups:members", args=["hanke"]), {"email": scene["other_guest"].email})
    assert response.status_code == 400

    client.force_login(scene["other_staff"])
    assert Notification.objects.filter(recipient=scene["other_staff"], kind="invitation").exists()
    page = client.get(reverse("groups:list")).content.decode()
    assert "invites you to Yhteishanke" in page
    invitation = MembershipRequest.objects.get(user=scene["other_staff"])
    client.post(reverse("groups:answer", args=[invitation.pk, "accept"]))
    assert Membership.objects.filter(user=scene["other_staff"], group=scene["group"]).exists()
    assert client.get(reverse("groups:detail", args=["hanke"])).status_code == 200


def test_a_declined_invitation_is_gone_and_cannot_be_accepted_later(client, scene):
    scene["group"].visibility = Group.Visibility.SECRET
    scene["group"].save()
    client.force_login(scene["moderator"])
    client.post(reverse("groups:members", args=["hanke"]), {"email": scene["other_staff"].email})
    client.force_login(scene["other_staff"])
    invitation = MembershipRequest.objects.get(user=scene["other_staff"])
    client.post(reverse("groups:answer", args=[invitation.pk, "decline"]))
    absent(client, reverse("groups:list"), "invites you to Yhteishanke")
    assert client.post(reverse("groups:answer", args=[invitation.pk, "accept"])).status_code == 404
    assert client.get(reverse("groups:detail", args=["hanke"])).status_code == 404


def test_someone_else_cannot_answer_an_invitation(client, scene):
    invitation = MembershipRequest.objects.create(
        group=scene["group"], user=scene["other_staff"], created_by=scene["owner"], kind="invitation"
    )
    client.force_login(scene["member"])
    assert client.post(reverse("groups:answer", args=[invitation.pk, "accept"])).status_code == 404
    assert not Membership.objects.filter(user=scene["other_staff"], group=scene["group"]).exists()


def test_leaving_and_the_last_owner_stays(client, scene):
    client.force_login(scene["member"])
    client.post(reverse("groups:leave", args=["hanke"]))
    assert "Maija" not in members_of(scene["group"])
    client.force_login(scene["owner"])
    response = client.post(reverse("groups:leave", args=["hanke"]), follow=True)
    assert "Name another owner before you leave" in response.content.decode()
    assert "Olli" in members_of(scene["group"])


def test_removing_a_guest_ends_their_access_at_once(client, scene):
    post = factories.post(scene["group"], scene["owner"], "Sisäinen asia")
    client.force_login(scene["guest"])
    assert client.get(reverse("feed:detail", args=[post.pk])).status_code == 200

    client.force_login(scene["moderator"])
    guest_membership = Membership.objects.get(user=scene["guest"], group=scene["group"])
    client.post(reverse("groups:remove", args=["hanke", guest_membership.pk]))
    assert not Membership.objects.filter(pk=guest_membership.pk).exists()

    client.force_login(scene["guest"])
    assert client.get(reverse("groups:detail", args=["hanke"])).status_code == 404
    assert client.get(reverse("feed:detail", args=[post.pk])).status_code == 404


def test_a_moderator_cannot_remove_an_owner(client, scene):
    client.force_login(scene["moderator"])
    owner_membership = Membership.objects.get(user=scene["owner"], group=scene["group"])
    client.post(reverse("groups:remove", args=["hanke", owner_membership.pk]))
    assert Membership.objects.filter(pk=owner_membership.pk).exists()


def test_a_guest_past_the_end_date_sees_nothing_until_renewed(client, scene):
    post = factories.post(scene["group"], scene["owner"], "Projektin asia")
    guest = scene["guest"]
    Membership.objects.filter(user=guest).update(access_until=timezone.now() - timedelta(minutes=1))

    client.force_login(guest)
    assert client.get(reverse("groups:detail", args=["hanke"])).status_code == 404
    assert client.get(reverse("feed:detail", args=[post.pk])).status_code == 404
    assert list(queries.groups_of(guest)) == []
    assert list(visible_profiles(guest).values_list("user__first_name", flat=True)) == ["Paula"]
    assert audience_for(guest).nobody
    assert "Paula" not in members_of(scene["group"])

    # A member cannot renew; the owners see the ended guest and renew them.
    client.force_login(scene["member"])
    membership = Membership.objects.get(user=guest)
    until = (timezone.localdate() + timedelta(days=60)).isoformat()
    assert (
        client.post(reverse("groups:renew", args=["hanke", membership.pk]), {"access_until": until}).status_code == 404
    )
    client.force_login(scene["owner"])
    page = client.get(reverse("groups:members", args=["hanke"])).content.decode()
    assert "Guests whose access has ended" in page and "Paula Partner" in page
    client.post(reverse("groups:renew", args=["hanke", membership.pk]), {"access_until": until})
    membership.refresh_from_db()
    assert membership.access_until.date() >= timezone.localdate() + timedelta(days=60)

    client.force_login(guest)
    assert client.get(reverse("feed:detail", args=[post.pk])).status_code == 200


def test_renewal_needs_a_date_within_a_year(client, scene):
    membership = Membership.objects.get(user=scene["guest"])
    before = membership.access_until
    client.force_login(scene["owner"])
    for bad in ["2001-01-01", (timezone.localdate() + timedelta(days=800)).isoformat(), "nonsense"]:
        client.post(reverse("groups:renew", args=["hanke", membership.pk]), {"access_until": bad})
        membership.refresh_from_db()
        assert membership.access_until == before, bad


def test_the_guest_invitation_names_a_sponsor_and_an_end_date(client, scene, django_capture_on_commit_callbacks):
    from groups import services

    until = timezone.now() + timedelta(days=90)
    invitation = services.invite_guest(
        scene["owner"], scene["group"], "new@acme.example", scene["acme"], "http://testserver", access_until=until
    )
    partner = factories.person("Uusi", "Kumppani", guest=True, org=scene["acme"])
    membership = services.accept_invitation(partner, invitation)
    assert membership.sponsor == scene["owner"] and membership.access_until == until
    assert membership.role == Membership.Role.GUEST


def test_a_partner_with_a_guest_account_joins_another_group_through_the_link(
    client, scene, django_capture_on_commit_callbacks
):
    import re

    from allauth.account.models import EmailAddress
    from django.core import mail

    second = factories.group(
        "toinen", "Toinen hanke", visibility=Group.Visibility.SECRET, members={scene["owner"]: Membership.Role.OWNER}
    )
    guest = scene["other_guest"]
    EmailAddress.objects.create(user=guest, email=guest.email, verified=True, primary=True)
    client.force_login(scene["owner"])
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("groups:invite", args=["toinen"]),
            {"email": guest.email, "organisation": scene["acme"].pk, "access_until": until},
        )
    assert response.status_code == 302
    # Nobody is added by matching an address: the mailbox's owner accepts through the link.
    assert not Membership.objects.filter(group=second, user=guest).exists()
    assert mail.outbox[-1].to == [guest.email] and "Sign in to your guest account" in mail.outbox[-1].body
    link = re.search(r"https?://[^/]+(/groups/invitation/[^/]+/)", mail.outbox[-1].body).group(1)

    client.force_login(guest)
    assert client.post(link).status_code == 302
    membership = Membership.objects.get(group=second, user=guest)
    assert membership.role == "guest" and membership.sponsor == scene["owner"]
    assert timezone.localtime(membership.access_until).date() == timezone.localdate() + timedelta(days=31)

    # A colleague's address is refused here: colleagues are invited as colleagues.
    client.force_login(scene["owner"])
    response = client.post(
        reverse("groups:invite", args=["toinen"]), {"email": scene["moderator"].email, "organisation": scene["acme"].pk}
    )
    assert response.status_code == 400 and "belongs to a colleague" in response.content.decode()
    assert not Membership.objects.filter(group=second, user=scene["moderator"]).exists()


def test_the_group_page_names_its_owning_municipalities(client, scene):
    client.force_login(scene["member"])
    assert "Owned by Kerava, Sipoo" in client.get(reverse("groups:detail", args=["hanke"])).content.decode()

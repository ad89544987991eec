"""Creating groups, their settings, and promoting or demoting members."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from groups.models import Group, Membership
from notifications.models import Notification
from tests.conftest import missing
from tests.groups import scene as scenes
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return scenes.build()


def role(scene, who) -> str:
    return Membership.objects.get(group=scene["group"], user=scene[who]).role


def change(client, scene, actor, target, new_role):
    client.force_login(scene[actor])
    membership = Membership.objects.get(group=scene["group"], user=scene[target])
    return client.post(
        reverse("groups:role", args=["hanke", membership.pk]), {f"m{membership.pk}-role": new_role}, follow=True
    )


def test_staff_create_a_shared_secret_group_and_become_its_owner(client, scene, django_capture_on_commit_callbacks):
    client.force_login(scene["member"])
    assert "Create a group" in client.get(reverse("groups:list")).content.decode()
    form = body(client.get(reverse("groups:create")))
    assert "Owning municipality" in form and "Acme Oy" not in form, "only municipalities own groups"
    response = client.post(
        reverse("groups:create"),
        {
            "name": "Ääni ja valo",
            "description": "Yhteinen hanke",
            "visibility": "secret",
            "owning": scene["sipoo"].pk,
            "shared": [scene["kerava"].pk],
        },
    )
    group = Group.objects.get(name="Ääni ja valo")
    assert response.status_code == 302 and response["Location"] == reverse("groups:detail", args=[group.key])
    assert group.key == "aani-ja-valo" and group.visibility == "secret"
    assert group.owning_organisation == scene["sipoo"]
    assert set(group.organisations.all()) == {scene["sipoo"], scene["kerava"]}
    assert Membership.objects.get(group=group, user=scene["member"]).role == "owner"
    assert AuditEntry.objects.filter(action="group.create").exists()
    page = client.get(reverse("groups:detail", args=[group.key])).content.decode()
    assert "Group settings" in page
    # Secret: another colleague does not even see it.
    client.force_login(scene["other_staff"])
    assert client.get(reverse("groups:detail", args=[group.key])).status_code == 404


def test_bad_group_input_is_refused_and_creates_nothing(client, scene):
    client.force_login(scene["member"])
    before = Group.objects.count()
    response = client.post(reverse("groups:create"), {"name": "  ", "visibility": "open", "owning": scene["acme"].pk})
    assert response.status_code == 400
    assert Group.objects.count() == before
    response = client.post(
        reverse("groups:create"),
        {"name": "Hanke", "visibility": "public", "owning": scene["kerava"].pk, "shared": [scene["acme"].pk]},
    )
    assert response.status_code == 400 and Group.objects.count() == before


def test_guests_never_create_groups(client, scene):
    client.force_login(scene["guest"])
    assert "Create a group" not in body(client.get(reverse("groups:list")))
    assert (
        client.post(
            reverse("groups:create"), {"name": "X", "visibility": "public", "owning": scene["kerava"].pk}
        ).status_code
        == 404
    )
    assert not Group.objects.filter(name="X").exists()


def test_an_owner_changes_the_settings_and_the_change_is_audited(client, scene):
    client.force_login(scene["owner"])
    form = client.get(reverse("groups:settings", args=["hanke"])).content.decode()
    assert 'value="Yhteishanke"' in form
    response = client.post(
        reverse("groups:settings", args=["hanke"]),
        {"name": "Uusi nimi", "description": "", "visibility": "public", "owning": scene["kerava"].pk},
    )
    assert response.status_code == 302
    group = Group.objects.get(key="hanke")
    assert (group.name, group.visibility) == ("Uusi nimi", "public")
    assert list(group.organisations.all()) == [scene["kerava"]]
    entry = AuditEntry.objects.get(action="group.settings")
    assert entry.details["changed"]["name"] == {"from": "Yhteishanke", "to": "Uusi nimi"}


def test_roles_are_changed_audited_and_told_to_the_member(client, scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = change(client, scene, "moderator", "member", "moderator").content.decode()
    assert role(scene, "member") == "moderator" and "is now moderator" in page
    assert AuditEntry.objects.filter(action="group.role", details__new="moderator").exists()
    notification = Notification.objects.get(recipient=scene["member"], kind="role_changed")
    client.force_login(scene["member"])
    assert (
        "Mona Moderaattori changed your role in Yhteishanke"
        in client.get(reverse("notifications:list")).content.decode()
    )
    assert notification.group == scene["group"]

    # Moderators cannot make owners nor touch an owner.
    page = change(client, scene, "moderator", "member", "owner").content.decode()
    assert role(scene, "member") == "moderator" and "Only an owner" in page
    change(client, scene, "moderator", "owner", "member")
    assert role(scene, "owner") == "owner"

    # An owner makes an owner, then the first owner may step down; the last owner may not.
    change(client, scene, "owner", "member", "owner")
    assert role(scene, "member") == "owner"
    change(client, scene, "member", "owner", "member")
    assert role(scene, "owner") == "member"
    page = change(client, scene, "member", "member", "moderator").content.decode()
    assert role(scene, "member") == "owner" and "A group needs an owner" in page
    page = client.post(reverse("groups:leave", args=["hanke"]), follow=True).content.decode()
    assert role(scene, "member") == "owner", "the last owner cannot leave either"


def test_a_guest_can_never_be_owner_or_moderator(client, scene):
    client.force_login(scene["owner"])
    members_page = body(client.get(reverse("groups:members", args=["hanke"])))
    guest = Membership.objects.get(group=scene["group"], user=scene["guest"])
    assert f'id="id_m{guest.pk}-role"' not in members_page
    assert "Role of Maija Jäsen" in members_page
    for new_role in ["owner", "moderator"]:
        page = change(client, scene, "owner", "guest", new_role).content.decode()
        assert role(scene, "guest") == "guest" and "A guest cannot be an owner or a moderator" in page


@pytest.mark.django_db(transaction=True)
def test_two_owners_demoting_each_other_at_once_leave_the_group_an_owner():
    """Two owners press "Change role" on each other at the same moment: the second waits for the first and
    is refused, so the group keeps an owner."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection, transaction

    from groups import services

    if connection.vendor != "postgresql":
        # Under CI the suite runs on PostgreSQL, so this never hides the test there.
        missing("row locks need PostgreSQL (the embedded SQLite serialises writes anyway)")
    scene = scenes.build()
    group = scene["group"]
    Membership.objects.filter(group=group, user=scene["moderator"]).update(role=Membership.Role.OWNER)
    olli = Membership.objects.select_related("user", "group").get(group=group, user=scene["owner"])
    mona = Membership.objects.select_related("user", "group").get(group=group, user=scene["moderator"])
    outcome = {}

    def mona_demotes_olli():
        try:
            services.change_role(scene["moderator"], olli, Membership.Role.MEMBER)
            outcome["result"] = "demoted"
        except ValidationError as error:
            outcome["result"] = error.messages[0]
        finally:
            connection.close()

    with transaction.atomic():
        services.change_role(scene["owner"], mona, Membership.Role.MEMBER)
        other = threading.Thread(target=mona_demotes_olli)
        other.start()
        other.join(timeout=1.5)
        assert other.is_alive(), "the second change must wait for the first"
    other.join(timeout=10)
    assert outcome["result"] == "A group needs an owner: make someone else an owner first."
    assert Membership.objects.filter(group=group, role=Membership.Role.OWNER).count() == 1

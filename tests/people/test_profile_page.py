import pytest
from django.urls import reverse

from people.models import ProfileSkill
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    procurement = factories.skill("procurement", "Julkiset hankinnat", "Offentlig upphandling", "Public procurement")
    expert = factories.person(
        "Aino",
        "Asiantuntija",
        org=kerava,
        title="Hankinta-asiantuntija",
        help_with="Kilpailutukset ja hankintalaki",
        skills={procurement: 4},
    )
    expert.profile.phone = "+358 40 123 4567"
    expert.profile.save()
    colleague = factories.person("Kalle", "Kollega", org=kerava)
    guest = factories.person("Paula", "Partner", guest=True, org=factories.organisation("acme", home=False))
    return locals()


def test_colleague_sees_skills_help_with_and_phone(client, scene):
    client.force_login(scene["colleague"])
    page = client.get(reverse("people:profile", args=[scene["expert"].profile.key])).content.decode()
    assert "Aino Asiantuntija" in page
    assert "Public procurement" in page and "Expert" in page
    assert "Kilpailutukset ja hankintalaki" in page
    assert "+358 40 123 4567" in page


def test_skill_labels_follow_the_interface_language(client, scene, settings):
    settings.LANGUAGE_CODE = "sv"
    client.force_login(scene["colleague"])
    page = client.get(
        reverse("people:profile", args=[scene["expert"].profile.key]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "Offentlig upphandling" in page


def test_guest_does_not_see_people_outside_their_groups(client, scene):
    client.force_login(scene["guest"])
    assert client.get(reverse("people:profile", args=[scene["expert"].profile.key])).status_code == 404


def test_guest_sees_group_members_without_phone(client, scene):
    factories.group("hanke", members={scene["expert"]: "owner", scene["guest"]: "guest"})
    client.force_login(scene["guest"])
    page = body(client.get(reverse("people:profile", args=[scene["expert"].profile.key])))
    assert "Aino Asiantuntija" in page
    assert "+358 40 123 4567" not in page
    assert ProfileSkill.objects.count() == 1


def test_inactive_person_is_not_found(client, scene):
    scene["expert"].is_active = False
    scene["expert"].save()
    client.force_login(scene["colleague"])
    assert client.get(reverse("people:profile", args=[scene["expert"].profile.key])).status_code == 404

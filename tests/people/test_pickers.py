"""People pickers offer only people the user may see (people.queries decides who): the stand-in and manager
lists of a guest's own profile, and the colleague lists of interactions, partnerships and availability."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def options(page: str, field: str) -> set[str]:
    """The visible labels of a <select name=field>."""
    select = re.search(rf'<select name="{field}".*?</select>', page, re.S)
    assert select is not None, f"no select named {field}"
    return {label.strip() for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select.group(0))}


@pytest.fixture
def scene(net):
    """Paula (a guest of Acme) shares "hanke" with Aino; Gustav, another Acme guest, is in a group of Kalle's
    only; Kalle and Sanna are staff Paula shares nothing with."""
    gustav = factories.person("Gustav", "Gast", guest=True, org=net["guest"].profile.organisation)
    factories.group("muu", members={gustav: "guest", net["same"]: "owner"})
    return {**net, "gustav": gustav}


def test_a_guests_stand_in_and_manager_lists_name_only_people_of_their_groups(client, scene):
    client.force_login(scene["guest"])
    response = client.get(reverse("people:edit"))
    assert response.status_code == 200
    page = response.content.decode()
    assert options(page, "stand_in") == {"Aino Asiantuntija"}
    assert options(page, "manager") == set()  # Gustav works at Acme too, but Paula may not see him
    for hidden in ("Kalle Kollega", "Sanna Sipoolainen", "Gustav Gast"):
        assert hidden not in page
    # A hidden person's id posted by hand is refused, not saved.
    back = timezone.localdate() + timedelta(days=3)
    client.post(
        reverse("people:availability", args=[scene["guest"].profile.key]),
        {"out_of_office_until": back, "stand_in": scene["same"].profile.pk},
    )
    scene["guest"].profile.refresh_from_db()
    assert scene["guest"].profile.stand_in is None
    response = client.post(
        reverse("people:edit"),
        {
            "title": "",
            "manager": scene["gustav"].profile.pk,
            "visibility_phone": "organisation",
            "visibility_availability": "organisation",
            "visibility_email": "cooperating",
            "visibility_help_with": "cooperating",
            "visibility_responsibilities": "cooperating",
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    scene["guest"].profile.refresh_from_db()
    assert scene["guest"].profile.manager is None


def test_staff_pickers_offer_staff_and_never_guests(client, scene):
    client.force_login(scene["same"])
    page = client.get(reverse("people:organisation", args=["kuntaliitto"])).content.decode()
    assert {"Aino Asiantuntija", "Sanna Sipoolainen"} <= options(page, "participants")
    assert not {"Paula Partner", "Gustav Gast"} & options(page, "participants")
    page = client.get(reverse("people:partnership_new")).content.decode()
    assert {"Aino Asiantuntija", "Sanna Sipoolainen", "Kalle Kollega"} <= options(page, "people")
    assert not {"Paula Partner", "Gustav Gast"} & options(page, "people")


def test_a_former_participant_stays_choosable_when_an_interaction_is_edited(client, net):
    from people.models import Interaction

    call = Interaction.objects.get(key="i.coop")
    sanna = net["coop"]
    sanna.is_active = False  # closed account, not marked as former staff: search no longer finds her
    sanna.save()
    call.participants.add(net["owner"].profile)
    client.force_login(net["owner"])
    response = client.get(reverse("people:interaction_edit", args=[call.key]))
    assert response.status_code == 200
    assert "Sanna Sipoolainen" in options(response.content.decode(), "participants")

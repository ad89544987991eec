"""Editing and deleting interactions: only who recorded it, who took part and administrators; audited;
linked from the timelines; deleting asks first."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from people.models import Interaction
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


def edit_data(net, **extra):
    return {
        "kind": "call",
        "date": "2026-09-02",
        "summary": "Puhelu hankintaohjeista",
        "organisation": net["kuntaliitto"].pk,
        "contacts": [net["shared"].pk],
        "participants": [net["coop"].profile.pk],
        **extra,
    }


def test_a_participant_edits_an_interaction_and_the_change_is_audited(client, net):
    client.force_login(net["coop"])  # took part in the call about procurement (i.coop)
    organisation_page = client.get(reverse("people:organisation", args=["kuntaliitto"])).content.decode()
    assert reverse("people:interaction_edit", args=["i.coop"]) in organisation_page
    form = client.get(reverse("people:interaction_edit", args=["i.coop"]))
    assert form.status_code == 200 and "Puhelu hankinnoista" in form.content.decode()
    response = client.post(
        reverse("people:interaction_edit", args=["i.coop"]), edit_data(net, next="/people/organisations/kuntaliitto/")
    )
    assert response.status_code == 302 and response.url == "/people/organisations/kuntaliitto/"
    call = Interaction.objects.get(key="i.coop")
    assert (call.summary, str(call.date)) == ("Puhelu hankintaohjeista", "2026-09-02")
    assert AuditEntry.objects.get(action="interaction.update", target_id="i.coop").details["fields"] == [
        "date",
        "summary",
    ]


def test_bad_input_changes_nothing(client, net):
    client.force_login(net["coop"])
    response = client.post(reverse("people:interaction_edit", args=["i.coop"]), edit_data(net, date="someday"))
    assert response.status_code == 400 and "Enter a valid date" in response.content.decode()
    response = client.post(
        reverse("people:interaction_edit", args=["i.coop"]), edit_data(net, organisation="", contacts=[])
    )
    assert response.status_code == 400 and "at least one contact or an organisation" in response.content.decode()
    assert Interaction.objects.get(key="i.coop").summary == "Puhelu hankinnoista"
    assert not AuditEntry.objects.filter(action="interaction.update").exists()


def test_contacts_the_editor_may_not_see_stay_on_the_interaction(client, net):
    meeting = Interaction.objects.get(key="i.private")  # with Aino's private contact
    meeting.participants.add(net["same"].profile)
    client.force_login(net["same"])
    page = body(client.get(reverse("people:interaction_edit", args=["i.private"])))
    assert "Pirjo Private" not in page
    client.post(reverse("people:interaction_edit", args=["i.private"]), edit_data(net, contacts=[], summary="Palaveri"))
    assert list(meeting.contacts.values_list("key", flat=True)) == ["c.private"]


def test_deleting_asks_for_confirmation_then_deletes_and_audits(client, net):
    client.force_login(net["coop"])
    confirm = client.get(reverse("people:interaction_delete", args=["i.coop"]))
    assert confirm.status_code == 200 and "Delete this interaction" in confirm.content.decode()
    assert Interaction.objects.filter(key="i.coop").exists()
    response = client.post(reverse("people:interaction_delete", args=["i.coop"]))
    assert response.status_code == 302 and response.url == "/people/organisations/kuntaliitto/"
    assert not Interaction.objects.filter(key="i.coop").exists()
    entry = AuditEntry.objects.get(action="interaction.delete", target_id="i.coop")
    assert entry.details["contacts"] == ["c.coop"] and entry.actor == net["coop"]


def test_an_open_redirect_is_refused(client, net):
    client.force_login(net["coop"])
    response = client.post(reverse("people:interaction_delete", args=["i.coop"]), {"next": "https://evil.example/"})
    assert response.url == "/people/organisations/kuntaliitto/"


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("guest", 404),
        ("colleague", 404),
        ("other_organisation", 404),
        ("deactivated", 302),
        ("recorder", 200),
        ("participant", 200),
        ("administrator", 200),
    ],
)
def test_who_may_open_the_edit_and_delete_pages(client, net, who, status):
    call = Interaction.objects.get(key="i.coop")
    call.recorded_by = net["same"].profile
    call.save()
    call.participants.set([net["coop"].profile])
    users = {
        "guest": net["guest"],
        "colleague": factories.person("Ville", "Muu", org=net["kerava"]),
        "other_organisation": factories.person("Olga", "Muualta", org=net["sipoo"]),
        "deactivated": net["same"],
        "recorder": net["same"],
        "participant": net["coop"],
        "administrator": factories.person("Ada", "Admin", org=net["kerava"]),
    }
    if who == "administrator":
        users[who].is_superuser = True
        users[who].save()
    if who in users:
        client.force_login(users[who])
    if who == "deactivated":
        net["same"].is_active = False
        net["same"].save()
    for name in ("people:interaction_edit", "people:interaction_delete"):
        response = client.get(reverse(name, args=["i.coop"]))
        assert response.status_code == status, name
        if status == 302:
            assert "/accounts/login/" in response.url
    assert client.post(reverse("people:interaction_delete", args=["i.coop"])).status_code == (
        302 if status == 200 else status
    )
    assert Interaction.objects.filter(key="i.coop").exists() == (status != 200)


def test_the_timeline_links_only_what_the_viewer_may_change(client, net):
    other = factories.person("Ville", "Muu", org=net["kerava"])
    client.force_login(other)
    page = body(client.get(reverse("people:organisation", args=["kuntaliitto"])))
    assert "Puhelu hankinnoista" in page and "/people/interactions/" not in page

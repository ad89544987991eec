"""Contacts with provenance and consent, interactions on timelines, partnerships after they end,
handover to a successor."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from feed.models import Post
from people.models import ExternalContact, Interaction, Partnership
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


def contact_data(**extra):
    return {
        "name": "Ville Vuori",
        "role": "Professori",
        "email": "ville@uni.example",
        "phone": "",
        "source_kind": "project",
        "source": "Kestävä kouluruoka",
        "legal_basis": "public_task",
        "visibility": "organisation",
        "consent_note": "",
        **extra,
    }


def test_a_new_contact_records_who_added_them_when_and_why(client, net):
    client.force_login(net["same"])
    response = client.post(reverse("people:contact_new"), contact_data(organisation=net["kuntaliitto"].pk))
    contact = ExternalContact.objects.get(name="Ville Vuori")
    assert response.status_code == 302
    assert contact.added_by == net["same"].profile and list(contact.known_by.all()) == [net["same"].profile]
    assert (contact.source_kind, contact.source, contact.legal_basis) == (
        "project",
        "Kestävä kouluruoka",
        "public_task",
    )
    page = client.get(reverse("people:contact", args=[contact.key])).content.decode()
    assert "Kalle Kollega" in page and "Public task" in page and "Kestävä kouluruoka" in page
    assert AuditEntry.objects.filter(action="contact.create", target_id=contact.key).exists()


def test_consent_as_legal_basis_needs_the_consent_record(client, net):
    client.force_login(net["same"])
    response = client.post(reverse("people:contact_new"), contact_data(legal_basis="consent"))
    assert response.status_code == 200 and "record when it was given" in response.content.decode()
    assert not ExternalContact.objects.filter(name="Ville Vuori").exists()
    client.post(
        reverse("people:contact_new"),
        contact_data(legal_basis="consent", consent_given_on="2026-10-01", consent_note="Signed form"),
    )
    assert ExternalContact.objects.get(name="Ville Vuori").consent_given_on == date(2026, 10, 1)


def test_only_colleagues_who_know_a_contact_edit_it_and_edits_are_audited(client, net):
    client.force_login(net["same"])
    assert client.post(reverse("people:contact_edit", args=["c.org"]), contact_data(name="Olli O")).status_code == 404
    client.force_login(net["owner"])
    client.post(
        reverse("people:contact_edit", args=["c.org"]), contact_data(name="Olli O", organisation=net["kuntaliitto"].pk)
    )
    assert ExternalContact.objects.get(key="c.org").name == "Olli O"
    assert AuditEntry.objects.get(action="contact.update").details["fields"] == [
        "email",
        "legal_basis",
        "name",
        "role",
        "source",
        "source_kind",
    ]


def test_interactions_appear_on_the_contact_and_organisation_timelines(client, net):
    client.force_login(net["same"])
    client.post(
        reverse("people:contact", args=["c.coop"]),
        {"kind": "meeting", "date": "2026-11-01", "summary": "Aloituspalaveri"},
    )
    interaction = Interaction.objects.get(summary="Aloituspalaveri")
    assert interaction.recorded_by == net["same"].profile and interaction.organisation == net["kuntaliitto"]
    assert AuditEntry.objects.filter(action="interaction.create").exists()
    organisation_page = client.get(reverse("people:organisation", args=["kuntaliitto"])).content.decode()
    assert "Aloituspalaveri" in organisation_page
    assert organisation_page.index("Aloituspalaveri") < organisation_page.index("Puhelu hankinnoista")
    # Kalle's meeting is now the most recent dealing with the organisation.
    api = client.get("/api/v1/people/organisations/kuntaliitto").json()
    assert api["dealt_with"][0]["person"] == net["same"].profile.key


def test_partnerships_stay_on_the_organisation_page_after_they_end(client, net):
    ended = Partnership.objects.create(
        key="p.old",
        name="Interreg Baltic 2019",
        kind="eu_project",
        starts_on=date(2019, 1, 1),
        ends_on=date(2021, 12, 31),
    )
    ended.organisations.add(net["kuntaliitto"])
    client.force_login(net["coop"])
    page = client.get(reverse("people:organisation", args=["kuntaliitto"])).content.decode()
    assert "Interreg Baltic 2019" in page and "ended" in page
    assert client.get("/api/v1/people/organisations/kuntaliitto").json()["partnerships"][0]["key"] == "p.old"


def test_handover_gives_contacts_to_the_successor_and_keeps_their_provenance(client, net):
    owner = net["owner"].profile
    group = factories.group("kehitys", members={net["owner"]: "owner"})
    question = factories.post(group, net["owner"], "Kuka tietää?", question=True, title="Avoin kysymys")
    client.force_login(net["owner"])
    client.post(reverse("people:handover", args=[owner.key]), {"action": "leaving", "leaving_on": "2026-12-31"})
    owner.refresh_from_db()
    assert owner.leaving_on == date(2026, 12, 31)
    page = client.get(reverse("people:handover", args=[owner.key])).content.decode()
    assert "Pirjo Private" in page and "Kuntaliitto" in page and group.name in page
    assert "Avoin kysymys" in page and question.kind == Post.Kind.QUESTION
    contacts = ExternalContact.objects.filter(known_by=owner)
    response = client.post(
        reverse("people:handover", args=[owner.key]),
        {
            "action": "handover",
            "successor": net["same"].profile.key,
            "contacts": [c.pk for c in contacts],
            "finish": "on",
        },
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    net["owner"].refresh_from_db()
    assert owner.left_on == timezone.localdate() and owner.successor == net["same"].profile
    assert not net["owner"].is_active
    for contact in ExternalContact.objects.filter(key__in=["c.private", "c.org", "c.coop"]):
        assert list(contact.known_by.all()) == [net["same"].profile]
        assert contact.added_by == owner  # provenance kept
    # Former staff stay findable, with "ask instead".
    client.force_login(net["coop"])
    profile_page = client.get(reverse("people:profile", args=[owner.key])).content.decode()
    assert "Former staff" in profile_page and "Ask instead" in profile_page and "Kalle Kollega" in profile_page
    client.force_login(net["same"])
    assert client.get(reverse("people:contact", args=["c.private"])).status_code == 200
    assert AuditEntry.objects.get(action="profile.handover").details["finished"] is True
    # The home organisation's page lists them as former staff, pointing at the successor.
    organisation_page = client.get(reverse("people:organisation", args=["kerava"])).content.decode()
    former = organisation_page.split('id="former-heading"', 1)[1]
    assert "Aino Asiantuntija" in former and "Kalle Kollega" in former


def test_only_the_person_their_manager_or_an_administrator_open_the_handover(client, net):
    key = net["owner"].profile.key
    client.force_login(net["same"])
    assert client.get(reverse("people:handover", args=[key])).status_code == 404
    net["owner"].profile.manager = net["same"].profile
    net["owner"].profile.save()
    assert client.get(reverse("people:handover", args=[key])).status_code == 200
    client.force_login(net["guest"])
    assert client.get(reverse("people:handover", args=[key])).status_code == 404


def test_a_guest_cannot_be_the_successor(client, net):
    client.force_login(net["owner"])
    response = client.post(
        reverse("people:handover", args=[net["owner"].profile.key]),
        {"action": "handover", "successor": net["guest"].profile.key},
    )
    assert response.status_code == 200 and net["owner"].profile.successor is None
    assert "Paula Partner is a guest" in response.content.decode()


def test_ended_partnerships_are_listed_and_found_by_name_but_not_for_guests(client, net):
    Partnership.objects.create(
        key="p.old",
        name="Interreg Baltic 2019",
        kind="eu_project",
        starts_on=date(2019, 1, 1),
        ends_on=date(2021, 12, 31),
    )
    Partnership.objects.create(key="p.new", name="Kestävä kouluruoka", kind="national_project")
    client.force_login(net["coop"])
    page = body(client.get(reverse("people:partnerships"), {"q": "interreg"}))
    assert "Interreg Baltic 2019" in page and "ended" in page and "Kestävä kouluruoka" not in page
    client.force_login(net["guest"])
    assert client.get(reverse("people:partnerships")).status_code == 404


def test_an_interaction_with_an_organisation_alone_goes_on_its_timeline(client, net):
    client.force_login(net["coop"])
    response = client.post(
        reverse("people:organisation", args=["kuntaliitto"]),
        {"kind": "event", "date": "2026-11-20", "summary": "Kuntamarkkinat", "participants": [net["same"].profile.pk]},
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get(summary="Kuntamarkkinat")
    assert set(interaction.participants.values_list("key", flat=True)) == {
        net["coop"].profile.key,
        net["same"].profile.key,
    }
    assert "Kuntamarkkinat" in client.get(reverse("people:organisation", args=["kuntaliitto"])).content.decode()
    bad = client.post(reverse("people:organisation", args=["kuntaliitto"]), {"kind": "party", "date": "x"})
    assert bad.status_code == 200 and Interaction.objects.count() == 3
    client.force_login(net["guest"])
    assert (
        client.post(
            reverse("people:organisation", args=["acme"]), {"kind": "event", "date": "2026-11-20", "summary": "x"}
        ).status_code
        == 200
    )
    assert Interaction.objects.count() == 3

"""Who sees what of a profile, an organisation and a contact: owner, same organisation, cooperating
organisation, guest, anonymous, over pages, the API, vCards and exports."""

import json

import pytest
from django.urls import reverse

from core.models import AuditEntry
from tests.pages import body, expect

pytestmark = pytest.mark.django_db

AUDIENCES = ["owner", "same", "coop", "guest", "anonymous"]
PHONE = "+358 40 123 4567"
EMAIL = "aino.asiantuntija@example.test"


def login(client, net, who):
    if who != "anonymous":
        client.force_login(net[who])


# What each audience sees of Aino's profile: phone and availability are for her own organisation;
# help-with, email and the unshown skill for cooperating colleagues; guests get name, organisation,
# title and the skill she chose to show.
PROFILE_MATRIX = {
    #            name  phone  away  help   email  shown-skill  hidden-skill
    "owner": (True, True, True, True, True, True, True),
    "same": (True, True, True, True, True, True, True),
    "coop": (True, False, False, True, True, True, True),
    "guest": (True, False, False, False, False, True, False),
}


@pytest.mark.parametrize("who", list(PROFILE_MATRIX))
def test_profile_page_api_and_vcard_show_only_allowed_fields(client, net, who):
    login(client, net, who)
    key = net["owner"].profile.key
    expected = dict(
        zip(["name", "phone", "away", "help", "email", "shown", "hidden"], PROFILE_MATRIX[who], strict=True)
    )
    page = body(client.get(reverse("people:profile", args=[key])))
    api = expect(client.get(f"/api/v1/people/{key}")).json()
    card = body(client.get(reverse("people:vcard", args=[key])))
    assert ("Aino Asiantuntija" in page) and api["name"] == "Aino Asiantuntija" and "Aino Asiantuntija" in card
    assert (PHONE in page) == (PHONE in json.dumps(api)) == (PHONE in card) == expected["phone"]
    assert ("Out of office until" in page) == ("away_until" in api) == expected["away"]
    assert ("Kilpailutukset" in page) == ("help_with" in api) == expected["help"]
    assert (EMAIL in page) == (EMAIL in json.dumps(api)) == (EMAIL in card) == expected["email"]
    assert ("Public procurement" in page) == expected["shown"]
    assert ("Data protection" in page) == ("gdpr" in json.dumps(api)) == expected["hidden"]
    # A hidden field leaves no trace: not even its heading or key.
    if not expected["phone"]:
        assert "Phone" not in page and "phone" not in api and "TEL" not in card
    if not expected["help"]:
        assert "I can help with" not in page and "responsibilities" not in api


def test_anonymous_gets_nothing(client, net):
    key = net["owner"].profile.key
    assert client.get(reverse("people:profile", args=[key])).status_code == 302
    assert client.get(reverse("people:vcard", args=[key])).status_code == 302
    assert client.get(f"/api/v1/people/{key}").status_code == 401
    assert client.get(reverse("people:organisation", args=["kuntaliitto"])).status_code == 302
    assert client.get(reverse("people:contact", args=["c.coop"])).status_code == 302
    assert client.get("/api/v1/people/contacts/c.coop").status_code == 401
    assert client.get(reverse("people:my_data")).status_code == 302


def test_a_person_who_restricts_a_field_hides_it_from_cooperating_colleagues(client, net):
    profile = net["owner"].profile
    profile.field_visibility = {"help_with": "organisation"}
    profile.save()
    client.force_login(net["coop"])
    assert "Kilpailutukset" not in body(client.get(reverse("people:profile", args=[profile.key])))
    client.force_login(net["same"])
    assert "Kilpailutukset" in body(client.get(reverse("people:profile", args=[profile.key])))


# Contacts: private is for the colleagues who know them; organisation for staff of that organisation;
# cooperating for all staff; guests see none.
CONTACT_MATRIX = {
    "owner": {"c.private": True, "c.org": True, "c.coop": True},
    "same": {"c.private": False, "c.org": True, "c.coop": True},
    "coop": {"c.private": False, "c.org": False, "c.coop": True},
    "guest": {"c.private": False, "c.org": False, "c.coop": False},
}


@pytest.mark.parametrize("who", list(CONTACT_MATRIX))
def test_contact_pages_and_api_follow_the_contact_visibility(client, net, who):
    login(client, net, who)
    for key, visible in CONTACT_MATRIX[who].items():
        page = client.get(reverse("people:contact", args=[key]))
        api = client.get(f"/api/v1/people/contacts/{key}")
        assert (page.status_code, api.status_code) == ((200, 200) if visible else (404, 404)), key


@pytest.mark.parametrize("who", ["owner", "same", "coop", "guest"])
def test_organisation_page_shows_only_visible_contacts_and_dealings(client, net, who):
    login(client, net, who)
    response = client.get(reverse("people:organisation", args=["kuntaliitto"]))
    api = client.get("/api/v1/people/organisations/kuntaliitto")
    if who == "guest":
        # A guest sees only their own organisation.
        assert response.status_code == 404 and api.status_code == 404
        assert client.get(reverse("people:organisation", args=["acme"])).status_code == 200
        return
    page = body(response)
    for key, visible in CONTACT_MATRIX[who].items():
        name = {"c.private": "Pirjo Private", "c.org": "Olli Organisation", "c.coop": "Cecilia Cooperating"}[key]
        assert (name in page) == visible, name
    assert ("Salainen palaveri" in page) == (who == "owner")
    assert "Puhelu hankinnoista" in page
    dealt = [row["person"] for row in api.json()["dealt_with"]]
    # Aino knows the cooperating contact, so everyone sees her; Sanna's call is the latest for non-owners.
    assert "aino.asiantuntija" in dealt and "sanna.sipoolainen" in dealt
    if who == "owner":
        assert dealt[0] == "aino.asiantuntija"  # her private meeting on 1 Oct is the most recent


def test_viewing_a_contacts_restricted_data_is_audited(client, net):
    client.force_login(net["same"])
    client.get(reverse("people:contact", args=["c.org"]))
    client.get("/api/v1/people/contacts/c.org")
    assert AuditEntry.objects.filter(action="contact.view", target_id="c.org", actor=net["same"]).count() == 2


def test_own_data_export_holds_profile_skills_contacts_and_interactions(client, net):
    client.force_login(net["owner"])
    data = json.loads(client.get(reverse("people:my_data")).content)
    assert data["profile"]["phone"] == PHONE
    assert {row["skill"] for row in data["skills"]} == {"procurement", "gdpr"}
    assert {row["key"] for row in data["contacts_added"]} == {"c.private", "c.org", "c.coop"}
    assert [row["key"] for row in data["interactions"]] == ["i.private"]
    assert AuditEntry.objects.filter(action="profile.export", actor=net["owner"]).exists()


def test_own_data_export_is_only_ones_own(client, net):
    client.force_login(net["same"])
    data = json.loads(body(client.get(reverse("people:my_data"))))
    assert data["account"]["email"] == net["same"].email
    assert data["contacts_added"] == [] and PHONE not in json.dumps(data)

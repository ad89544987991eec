"""In the browser: a profile edit, a vCard contact import and a handover, with zero axe-core
violations on every page visited."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from feed.models import Post
from groups.models import Membership
from people.models import ExternalContact, Interaction, Organisation, Profile, ProfileSkill
from tests import factories
from tests.e2e.helpers import E2E_DB, assert_accessible, log_in

pytestmark = [pytest.mark.e2e, E2E_DB]

CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Ville Vuori
ORG:Kuntaliitto
EMAIL:ville.vuori@kuntaliitto.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Riitta Hakulinen
EMAIL:riitta@kuntaliitto.example
END:VCARD
"""


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    kuntaliitto = factories.organisation("kuntaliitto", "Kuntaliitto", home=False, kind=Organisation.Kind.ASSOCIATION)
    factories.unit(kerava, "Hankintapalvelut")
    procurement = factories.skill("procurement", "Julkiset hankinnat", "Offentlig upphandling", "Public procurement")
    factories.skill("gdpr", "Tietosuoja", "Dataskydd", "Data protection")
    aino = factories.person("Aino", "Virtanen", org=kerava, title="Planner", skills={procurement: 3})
    kaisa = factories.person("Kaisa", "Nieminen", org=kerava, title="Procurement lawyer")
    known = ExternalContact.objects.create(
        key="c.riitta",
        name="Riitta Hakulinen",
        organisation=kuntaliitto,
        email="riitta@kuntaliitto.example",
        added_by=aino.profile,
    )
    known.known_by.add(aino.profile)
    group = factories.group("hanke", "Yhteishanke", members={aino: "owner"})
    question = factories.post(group, aino, "Who knows?", question=True, title="Open question about tenders")
    meeting = Interaction.objects.create(
        key="i.kickoff",
        kind="meeting",
        date=date(2026, 10, 1),
        organisation=kuntaliitto,
        summary="Kickoff",
        recorded_by=aino.profile,
    )
    meeting.contacts.add(known)
    meeting.participants.add(aino.profile)
    return {"aino": aino, "kaisa": kaisa, "known": known, "group": group, "question": question}


def test_profile_edit_import_and_handover(new_page, scene):
    page = new_page()
    log_in(page, scene["aino"].email)

    # Profile edit: details, a skill, availability, then the profile shows them.
    page.goto("/people/me/edit/")
    assert_accessible(page)
    page.get_by_label("I can help with", exact=True).fill("Tendering and framework agreements")
    page.get_by_label("Phone", exact=True).fill("+358 40 555 0101")
    page.get_by_label("Swedish", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Your profile was saved.")).to_be_visible()
    page.locator("#id_skill").select_option(label="Data protection")
    page.locator("#id_level").select_option("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Save skill").click()
    assert_accessible(page)
    page.goto(f"/people/{scene['aino'].profile.key}/")
    expect(page.locator("main")).to_contain_text("Tendering and framework agreements")
    expect(page.locator("main")).to_contain_text("Data protection")
    assert_accessible(page)
    assert ProfileSkill.objects.get(profile__key=scene["aino"].profile.key, skill__key="gdpr").level == 4

    # vCard import: preview with a duplicate, then confirm.
    page.goto("/people/contacts/import/")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^vCard file")).set_input_files(
        files=[{"name": "cards.vcf", "mimeType": "text/vcard", "buffer": CARDS.encode()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    expect(page.locator("main")).to_contain_text("Already in the intranet")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Import 1 new contact").click()
    expect(page.get_by_text("1 contact(s) imported.")).to_be_visible()
    assert_accessible(page)
    ville = ExternalContact.objects.get(name="Ville Vuori")
    page.goto(f"/people/contacts/{ville.key}/")
    assert_accessible(page)
    page.goto("/people/organisations/kuntaliitto/")
    expect(page.locator("main")).to_contain_text("Who has dealt with this organisation")
    assert_accessible(page)

    # Editing an interaction from the organisation's timeline returns to it.
    with page.expect_navigation():
        page.locator(".timeline").get_by_role("link", name=re.compile(r"^Edit")).click()
    assert_accessible(page)
    page.get_by_label("Summary", exact=True).fill("Kickoff with the association")
    with page.expect_navigation():
        page.get_by_role("button", name="Save interaction").click()
    expect(page.get_by_text("The interaction was saved.")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Kickoff with the association")
    assert page.url.endswith("/people/organisations/kuntaliitto/")
    assert_accessible(page)

    # Handover, first without leaving: contacts, the group role and the open question move, ticked by default.
    page.goto(f"/people/{scene['aino'].profile.key}/handover/")
    assert_accessible(page)
    expect(page.get_by_label("Yhteishanke (Owner)")).to_be_checked()
    expect(page.get_by_label(re.compile("Open question about tenders"))).to_be_checked()
    # The successor is picked with the people type-ahead, by keyboard: it fills in her profile key.
    successor = page.get_by_role("combobox", name="Successor")
    successor.press_sequentially("Kais", delay=30)
    listbox = page.get_by_role("listbox", name="Suggested colleagues")
    expect(listbox.get_by_role("option")).to_have_count(1)
    assert_accessible(page)
    successor.press("ArrowDown")
    successor.press("Enter")
    expect(successor).to_have_value(scene["kaisa"].profile.key)
    expect(listbox).to_be_hidden()
    expect(page.locator("#id_successor-status")).to_have_text("Kaisa Nieminen chosen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Hand over").click()
    expect(page.locator("main")).to_contain_text(
        "Handed over to Kaisa Nieminen: 2 contacts, 1 group role, 1 open question they asked"
    )
    assert_accessible(page)
    assert Membership.objects.get(group=scene["group"], user=scene["kaisa"]).role == "owner"
    assert Post.objects.get(pk=scene["question"].pk).asker_successor_id == scene["kaisa"].pk
    assert set(
        ExternalContact.objects.filter(known_by__key=scene["kaisa"].profile.key).values_list("name", flat=True)
    ) == {"Ville Vuori", "Riitta Hakulinen"}

    # Then the day she leaves: nothing is left to hand over but the account is closed.
    page.goto(f"/people/{scene['aino'].profile.key}/handover/")
    expect(page.locator("main")).to_contain_text("No contacts to hand over.")
    assert_accessible(page)
    # Typed as an exact email address (what works without JavaScript), after a name that matches nobody.
    page.get_by_role("combobox", name="Successor").fill("Kaisa Nobody")
    with page.expect_navigation():
        page.get_by_role("button", name="Hand over").click()
    expect(page.locator("main")).to_contain_text("Nobody matches “Kaisa Nobody”")
    assert_accessible(page)
    page.get_by_role("combobox", name="Successor").fill(scene["kaisa"].email)
    page.get_by_label(re.compile("The person has left")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Hand over").click()
    profile = Profile.objects.get(key=scene["aino"].profile.key)
    assert profile.is_former_staff and profile.successor.key == scene["kaisa"].profile.key

    # Kaisa sees Aino as former staff, with "ask instead" pointing at herself.
    other = new_page()
    log_in(other, scene["kaisa"].email)
    other.goto(f"/people/{profile.key}/")
    expect(other.locator("main")).to_contain_text("Former staff")
    expect(other.locator("main")).to_contain_text("Ask instead: Kaisa Nieminen")
    assert_accessible(other)
    other.goto("/people/organisations/kerava/")
    expect(other.get_by_role("heading", name="Former staff")).to_be_visible()
    assert_accessible(other)


def test_the_other_people_pages_are_accessible(new_page, scene):
    from people.models import Partnership, SkillProposal

    admin = scene["kaisa"]
    admin.is_superuser = True
    admin.save()
    SkillProposal.objects.create(profile=scene["aino"].profile, label="Kiertotalous", level=3)
    ended = Partnership.objects.create(key="p.old", name="Interreg Baltic", kind="eu_project")
    ended.organisations.add(scene["known"].organisation)
    page = new_page()
    log_in(page, admin.email)
    for path in [
        "/people/skills/proposals/",
        "/people/partnerships/",
        "/people/contacts/",
        "/people/contacts/new/",
        f"/people/contacts/{scene['known'].key}/",
        f"/people/{scene['aino'].profile.key}/",
        f"/people/{scene['aino'].profile.key}/availability/",
        "/people/partnerships/new/",
        "/people/partnerships/p.old/edit/",
        "/people/interactions/i.kickoff/delete/",
        f"/people/{admin.profile.key}/",
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        assert_accessible(page)

"""One scene for the people tests: the five audiences of a profile and contacts at three
visibility levels."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from people.models import ExternalContact, Interaction, Organisation, ProfileSkill
from tests import factories


@pytest.fixture
def net(db):
    kerava = factories.organisation("kerava", "Kerava")
    sipoo = factories.organisation("sipoo", "Sipoo")
    acme = factories.organisation("acme", "Acme Oy", home=False, kind=Organisation.Kind.COMPANY)
    kuntaliitto = factories.organisation("kuntaliitto", "Kuntaliitto", home=False, kind=Organisation.Kind.ASSOCIATION)
    procurement = factories.skill("procurement", "Julkiset hankinnat", "Offentlig upphandling", "Public procurement")
    gdpr = factories.skill("gdpr", "Tietosuoja", "Dataskydd", "Data protection")
    owner_user = factories.person(
        "Aino",
        "Asiantuntija",
        org=kerava,
        title="Hankinta-asiantuntija",
        help_with="Kilpailutukset ja hankintalaki",
        skills={procurement: 4, gdpr: 3},
    )
    same = factories.person("Kalle", "Kollega", org=kerava)
    coop = factories.person("Sanna", "Sipoolainen", org=sipoo)
    guest = factories.person("Paula", "Partner", guest=True, org=acme)
    factories.group("hanke", members={owner_user: "owner", guest: "guest"})
    owner = owner_user.profile
    owner.phone = "+358 40 123 4567"
    owner.responsibilities = "Hankintaohjeet"
    owner.out_of_office_until = timezone.localdate() + timedelta(days=7)
    owner.stand_in = same.profile
    owner.save()
    ProfileSkill.objects.filter(profile=owner, skill=procurement).update(
        shown_to_guests=True, confirmed_at=date(2026, 9, 1)
    )
    private = ExternalContact.objects.create(
        key="c.private",
        name="Pirjo Private",
        organisation=kuntaliitto,
        email="pirjo@kuntaliitto.example",
        phone="+358 9 111",
        added_by=owner,
        visibility=ExternalContact.Visibility.PRIVATE,
    )
    private.known_by.add(owner)
    org_wide = ExternalContact.objects.create(
        key="c.org",
        name="Olli Organisation",
        organisation=kuntaliitto,
        email="olli@kuntaliitto.example",
        added_by=owner,
        visibility=ExternalContact.Visibility.ORGANISATION,
    )
    org_wide.known_by.add(owner)
    shared = ExternalContact.objects.create(
        key="c.coop",
        name="Cecilia Cooperating",
        organisation=kuntaliitto,
        email="cecilia@kuntaliitto.example",
        added_by=owner,
        visibility=ExternalContact.Visibility.COOPERATING,
    )
    shared.known_by.add(owner)
    # Contacts made in June: the interactions below are the most recent dealings.
    ExternalContact.objects.update(created_at=timezone.make_aware(datetime(2026, 6, 1, 12)))
    meeting = Interaction.objects.create(
        key="i.private", kind="meeting", date=date(2026, 10, 1), organisation=kuntaliitto, summary="Salainen palaveri"
    )
    meeting.contacts.add(private)
    meeting.participants.add(owner)
    call = Interaction.objects.create(
        key="i.coop", kind="call", date=date(2026, 9, 1), organisation=kuntaliitto, summary="Puhelu hankinnoista"
    )
    call.contacts.add(shared)
    call.participants.add(coop.profile)
    return {
        "owner": owner_user,
        "same": same,
        "coop": coop,
        "guest": guest,
        "kerava": kerava,
        "sipoo": sipoo,
        "kuntaliitto": kuntaliitto,
        "procurement": procurement,
        "gdpr": gdpr,
        "private": private,
        "org_wide": org_wide,
        "shared": shared,
    }

"""vCard import: preview, duplicates, malformed cards reported by line with nothing written; export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intranet.models import AuditEntry
from people.models import ExternalContact

pytestmark = pytest.mark.django_db

GOOD = """BEGIN:VCARD
VERSION:3.0
FN:Ville Vuori
N:Vuori;Ville;;;
ORG:Kuntaliitto
TITLE:Erityisasiantuntija
EMAIL:ville.vuori@kuntaliitto.example
TEL:+358 9 771 2000
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Olli Organisation
EMAIL:OLLI@kuntaliitto.example
END:VCARD
"""
BAD = GOOD + """BEGIN:VCARD
VERSION:3.0
this line is not a property
END:VCARD
BEGIN:VCARD
VERSION:3.0
EMAIL:nobody@example.test
END:VCARD
"""


def upload(client, text, **extra):
    data = {"file": SimpleUploadedFile("cards.vcf", text.encode(), content_type="text/vcard"),
            "visibility": "private", "legal_basis": "legitimate_interest", "source": "Kuntamarkkinat", **extra}
    return client.post(reverse("people:contact_import"), data)


def test_preview_marks_duplicates_then_imports_only_new_cards(client, net):
    client.force_login(net["owner"])
    before = ExternalContact.objects.count()
    response = upload(client, GOOD)
    page = response.content.decode()
    assert response.status_code == 200 and "Ville Vuori" in page and "Already in the intranet" in page
    assert ExternalContact.objects.count() == before  # a preview writes nothing
    client.post(reverse("people:contact_import"), {"action": "confirm"})
    assert ExternalContact.objects.count() == before + 1
    ville = ExternalContact.objects.get(name="Ville Vuori")
    assert ville.organisation == net["kuntaliitto"] and ville.added_by == net["owner"].profile
    assert (ville.visibility, ville.source, ville.role) == ("private", "Kuntamarkkinat", "Erityisasiantuntija")
    assert AuditEntry.objects.get(action="contact.import").details["created"] == [ville.key]


def test_malformed_cards_are_reported_by_line_and_nothing_is_written(client, net):
    client.force_login(net["owner"])
    before = ExternalContact.objects.count()
    response = upload(client, BAD)
    page = response.content.decode()
    assert response.status_code == 400
    assert "line 15:" in page and "not a valid vCard" in page
    assert "line 19:" in page and "has no name" in page
    client.post(reverse("people:contact_import"), {"action": "confirm"})
    assert ExternalContact.objects.count() == before


def test_a_file_that_is_not_vcard_or_text_is_refused(client, net):
    client.force_login(net["owner"])
    response = client.post(reverse("people:contact_import"), {
        "file": SimpleUploadedFile("x.vcf", b"\xff\xfe\x00garbage"), "visibility": "private",
        "legal_basis": "legitimate_interest"})
    assert response.status_code == 400 and "not UTF-8" in response.content.decode()


def test_guests_cannot_import_or_export(client, net):
    client.force_login(net["guest"])
    assert upload(client, GOOD).status_code == 404
    assert client.get(reverse("people:contact_export")).status_code == 404


def test_export_gives_the_contacts_one_knows_as_vcards(client, net):
    client.force_login(net["owner"])
    text = client.get(reverse("people:contact_export")).content.decode()
    assert text.count("BEGIN:VCARD") == 3 and "Pirjo Private" in text
    client.force_login(net["same"])
    assert "BEGIN:VCARD" not in client.get(reverse("people:contact_export")).content.decode()


def test_duplicates_among_many_contacts_are_found_per_batch_without_loading_them_all(net):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people import network_services, vcards

    contacts = [ExternalContact(key=f"c.bulk{n}", name=f"Henkilö {n}", email=f"henkilo{n}@example.test",
                                phone=f"+358 40 {n:07d}") for n in range(3000)]
    contacts.append(ExternalContact(key="c.aijala", name="ÄIJÄLÄ Åsa", phone="040-123 4567"))
    for contact in contacts:
        contact.refresh_match_keys()
    ExternalContact.objects.bulk_create(contacts)
    cards = [f"BEGIN:VCARD\nVERSION:3.0\nFN:Uusi {n}\nEMAIL:uusi{n}@example.test\nEND:VCARD\n" for n in range(700)]
    cards += ["BEGIN:VCARD\nVERSION:3.0\nFN:Someone\nEMAIL:HENKILO17@Example.test\nEND:VCARD\n",  # email, any case
              "BEGIN:VCARD\nVERSION:3.0\nFN:henkilö 2999\nTEL:+358 40 000-2999\nEND:VCARD\n",  # name and phone
              "BEGIN:VCARD\nVERSION:3.0\nFN:äijälä åsa\nTEL:0401234567\nEND:VCARD\n",  # non-ASCII case
              "BEGIN:VCARD\nVERSION:3.0\nFN:Henkilö 5\nTEL:+358 40 9999999\nEND:VCARD\n"]  # same name, other phone
    parsed = vcards.parse_cards("".join(cards).encode())
    with CaptureQueriesContext(connection) as queries:
        found = network_services.find_duplicates(parsed)
    assert len(queries) == 2  # one per batch of 500 cards
    assert {parsed[n - 1].name: contact.key for n, contact in found.items()} == {
        "Someone": "c.bulk17", "henkilö 2999": "c.bulk2999", "äijälä åsa": "c.aijala"}


def test_contacts_from_the_directory_import_are_found_as_duplicates(net):
    from intranet.directory_import import import_lines
    from people import network_services, vcards

    line = ('{"type": "contact", "key": "c.imported", "name": "Tuuli Tuonti", "email": "Tuuli@Example.test",'
            ' "phone": "09 123 456"}')
    import_lines([line])
    card = vcards.parse_cards(b"BEGIN:VCARD\nVERSION:3.0\nFN:x\nEMAIL:tuuli@example.test\nEND:VCARD\n")
    assert network_services.find_duplicates(card)[1].key == "c.imported"

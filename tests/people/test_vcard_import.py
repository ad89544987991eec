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

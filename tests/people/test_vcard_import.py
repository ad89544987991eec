"""vCard import: preview, duplicates, malformed cards reported by line with nothing written; export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from people.models import ExternalContact
from tests.pages import body

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
BAD = (
    GOOD
    + """BEGIN:VCARD
VERSION:3.0
this line is not a property
END:VCARD
BEGIN:VCARD
VERSION:3.0
EMAIL:nobody@example.test
END:VCARD
"""
)


def upload(client, text, **extra):
    data = {
        "file": SimpleUploadedFile("cards.vcf", text.encode(), content_type="text/vcard"),
        "visibility": "private",
        "legal_basis": "legitimate_interest",
        "source": "Kuntamarkkinat",
        **extra,
    }
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
    response = client.post(
        reverse("people:contact_import"),
        {
            "file": SimpleUploadedFile("x.vcf", b"\xff\xfe\x00garbage"),
            "visibility": "private",
            "legal_basis": "legitimate_interest",
        },
    )
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
    assert "BEGIN:VCARD" not in body(client.get(reverse("people:contact_export")))


def test_duplicates_among_many_contacts_are_found_per_batch_without_loading_them_all(net):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people import network_services, vcards

    shared = ExternalContact.Visibility.COOPERATING
    contacts = [
        ExternalContact(
            key=f"c.bulk{n}",
            name=f"Henkilö {n}",
            email=f"henkilo{n}@example.test",
            phone=f"+358 40 {n:07d}",
            visibility=shared,
        )
        for n in range(3000)
    ]
    contacts.append(ExternalContact(key="c.aijala", name="ÄIJÄLÄ Åsa", phone="040-123 4567", visibility=shared))
    for contact in contacts:
        contact.refresh_match_keys()
    ExternalContact.objects.bulk_create(contacts)
    cards = [f"BEGIN:VCARD\nVERSION:3.0\nFN:Uusi {n}\nEMAIL:uusi{n}@example.test\nEND:VCARD\n" for n in range(700)]
    cards += [
        "BEGIN:VCARD\nVERSION:3.0\nFN:Someone\nEMAIL:HENKILO17@Example.test\nEND:VCARD\n",  # email, any case
        "BEGIN:VCARD\nVERSION:3.0\nFN:henkilö 2999\nTEL:+358 40 000-2999\nEND:VCARD\n",  # name and phone
        "BEGIN:VCARD\nVERSION:3.0\nFN:äijälä åsa\nTEL:0401234567\nEND:VCARD\n",  # non-ASCII case
        "BEGIN:VCARD\nVERSION:3.0\nFN:Henkilö 5\nTEL:+358 40 9999999\nEND:VCARD\n",
    ]  # same name, other phone
    parsed = vcards.parse_cards("".join(cards).encode())
    with CaptureQueriesContext(connection) as queries:
        found = network_services.find_duplicates(parsed, net["coop"])
    assert len(queries) == 3  # the importer's profile, then one per batch of 500 cards
    assert {parsed[n - 1].name: contact.key for n, contact in found.items()} == {
        "Someone": "c.bulk17",
        "henkilö 2999": "c.bulk2999",
        "äijälä åsa": "c.aijala",
    }


def test_contacts_from_the_directory_import_are_found_as_duplicates(net):
    from intranet.directory_import import import_lines
    from people import network_services, vcards

    line = (
        '{"type": "contact", "key": "c.imported", "name": "Tuuli Tuonti", "email": "Tuuli@Example.test",'
        ' "phone": "09 123 456", "visibility": "cooperating"}'
    )
    import_lines([line])
    card = vcards.parse_cards(b"BEGIN:VCARD\nVERSION:3.0\nFN:x\nEMAIL:tuuli@example.test\nEND:VCARD\n")
    assert network_services.find_duplicates(card, net["coop"])[1].key == "c.imported"


@pytest.mark.parametrize(
    "who, private_named, org_wide_named",
    [
        ("owner", True, True),  # she knows both
        ("same", False, True),  # her organisation sees the organisation-wide one only
        ("coop", False, False),  # another municipality sees neither
    ],
)
def test_the_preview_names_only_duplicates_the_importer_may_see(client, net, who, private_named, org_wide_named):
    """Matching against every contact would let anyone test email addresses against colleagues' private
    contacts; a card that matches a contact the importer may not see is simply new to them."""
    client.force_login(net[who])
    cards = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:P\nEMAIL:PIRJO@kuntaliitto.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:O\nEMAIL:olli@kuntaliitto.example\nEND:VCARD\n"
    )
    response = upload(client, cards)
    page = response.content.decode()
    assert response.status_code == 200
    assert ("Pirjo Private" in page) == private_named and ("c.private" in page) == private_named
    assert ("Olli Organisation" in page) == org_wide_named and ("c.org" in page) == org_wide_named
    assert page.count("Already in the intranet") == private_named + org_wide_named
    before = ExternalContact.objects.count()
    client.post(reverse("people:contact_import"), {"action": "confirm"})
    # What the importer could not see is added as their own contact; the private one stays untouched.
    assert ExternalContact.objects.count() == before + 2 - private_named - org_wide_named
    assert list(net["private"].known_by.all()) == [net["owner"].profile]


@pytest.mark.parametrize(
    "prop, expected",
    [
        ("FN;CHARSET=x-unknown;ENCODING=QUOTED-PRINTABLE:J=C3=A4rvi", "line 7: FN: unknown character set “x-unknown”"),
        ("TITLE;CHARSET=zlib;ENCODING=QUOTED-PRINTABLE:x", "line 7: TITLE: unknown character set “zlib”"),
        ("FN;CHARSET=utf-7;ENCODING=QUOTED-PRINTABLE:+2AA-", "line 5: FN: contains characters that are not valid text"),
    ],
)
def test_a_field_in_an_unknown_character_set_is_reported_by_line_and_field(client, net, prop, expected):
    client.force_login(net["owner"])
    before = ExternalContact.objects.count()
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Hyvä Kortti\nEND:VCARD\nBEGIN:VCARD\nVERSION:2.1\n"
        + (prop + "\n" if "FN" not in prop else "")
        + (prop if "FN" in prop else "FN:Toinen")
        + "\nEND:VCARD\n"
    )
    response = upload(client, text)
    assert response.status_code == 400
    assert expected in response.content.decode()
    client.post(reverse("people:contact_import"), {"action": "confirm"})
    assert ExternalContact.objects.count() == before


def _transactions(queries: list[str]) -> list[list[str]]:
    """The statements of each outermost transaction (savepoint, inside the test's own transaction)."""
    spans, depth = [], 0
    for sql in queries:
        if sql.startswith("SAVEPOINT"):
            depth += 1
            if depth == 1:
                spans.append([])
            continue
        if sql.startswith("RELEASE SAVEPOINT") or sql.startswith("ROLLBACK TO SAVEPOINT"):
            depth -= int(sql.startswith("RELEASE"))
            continue
        if depth:
            spans[-1].append(sql)
    return spans


def test_a_large_import_writes_in_short_transactions_and_skips_duplicates_within_the_file(net):
    """The database's write lock is held for one batch at a time, not for the whole file (a 1 MB file held
    SQLite's for minutes, and other people's sends failed meanwhile); every contact is still written."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people import network_services, vcards

    text = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Henkilö {n}\nORG:{'Kuntaliitto' if n % 2 else 'Tuntematon'}\n"
        f"EMAIL:henkilo{n}@example.test\nTEL:+358 40 {n:07d}\nEND:VCARD\n"
        for n in range(450)
    )
    text += "BEGIN:VCARD\nVERSION:3.0\nFN:Toinen\nEMAIL:HENKILO3@example.test\nEND:VCARD\n"  # same email again
    text += "BEGIN:VCARD\nVERSION:3.0\nFN:henkilö 4\nTEL:+358400000004\nEND:VCARD\n"  # same name and phone
    text += (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ei puhelinta\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Ei sitäkään\nEND:VCARD\n"
    )
    cards = vcards.parse_cards(text.encode())
    before = ExternalContact.objects.count()
    with CaptureQueriesContext(connection) as captured:
        created = network_services.import_cards(
            net["owner"], cards, visibility="private", legal_basis="legitimate_interest", source="Messut"
        )
    assert len(created) == 452 and ExternalContact.objects.count() == before + 452
    spans = _transactions([query["sql"] for query in captured.captured_queries])
    assert len(spans) == 3  # 200 + 200 + 52
    assert max(len(span) for span in spans) <= 6  # a few bulk statements each, not one per card
    owner = net["owner"].profile
    assert ExternalContact.objects.filter(known_by=owner, added_by=owner, source="Messut").count() == 452
    ville = ExternalContact.objects.get(email="henkilo1@example.test")
    assert ville.organisation == net["kuntaliitto"] and ville.match_email == "henkilo1@example.test"
    assert ExternalContact.objects.get(email="henkilo2@example.test").organisation is None
    entries = AuditEntry.objects.filter(action="contact.import").order_by("pk")
    assert [len(entry.details["created"]) for entry in entries] == [200, 200, 52]
    assert {entry.details["skipped"] for entry in entries} == {2}

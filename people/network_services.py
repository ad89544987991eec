"""Writes to the network: contacts, interactions, the contact import. Each change is audited, and so is
every view of a contact's restricted data (email and phone)."""

import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intranet import audit
from people.models import ExternalContact, Interaction, Organisation, Profile

CONTACT_FIELDS = ("name", "organisation", "role", "email", "phone", "source", "source_kind", "partnership",
                  "legal_basis", "visibility", "consent_given_on", "consent_note")


def _staff(actor) -> Profile:
    profile = Profile.objects.filter(user=actor).first()
    if profile is None or actor.is_guest or not actor.is_active:
        raise PermissionDenied
    return profile


def new_key(prefix: str, name: str) -> str:
    base = slugify(name)[:60] or "contact"
    return f"{prefix}.{base}.{secrets.token_hex(3)}"


def _check_consent(values: dict) -> None:
    if values.get("legal_basis") == ExternalContact.LegalBasis.CONSENT and not values.get("consent_given_on"):
        raise ValidationError({"consent_given_on": _("With consent as the legal basis, record when it was given.")})


def create_contact(actor, values: dict) -> ExternalContact:
    """The adder knows the contact; provenance (who, when, source, legal basis) is set once, here."""
    me = _staff(actor)
    _check_consent(values)
    with transaction.atomic():
        contact = ExternalContact.objects.create(key=new_key("c", values["name"]), added_by=me,
                                                 **{k: v for k, v in values.items() if k in CONTACT_FIELDS})
        contact.known_by.add(me)
        audit.record(actor, "contact.create", contact, visibility=contact.visibility,
                     legal_basis=contact.legal_basis)
    return contact


def update_contact(actor, contact: ExternalContact, values: dict) -> list[str]:
    me = _staff(actor)
    if not contact.known_by.filter(pk=me.pk).exists() and contact.added_by_id != me.pk:
        raise PermissionDenied
    merged = {name: getattr(contact, name) for name in CONTACT_FIELDS} | values
    _check_consent(merged)
    changed = [name for name, value in values.items() if getattr(contact, name) != value]
    if changed:
        with transaction.atomic():
            for name in changed:
                setattr(contact, name, values[name])
            contact.save()
            audit.record(actor, "contact.update", contact, fields=sorted(changed))
    return changed


def i_know(actor, contact: ExternalContact) -> None:
    me = _staff(actor)
    with transaction.atomic():
        contact.known_by.add(me)
        audit.record(actor, "contact.known_by_add", contact, person=me.key)


def record_view(actor, contact: ExternalContact) -> None:
    """Reading a contact's email or phone is written to the audit trail."""
    audit.record(actor, "contact.view", contact)


def record_interaction(actor, *, kind: str, date, summary: str, organisation: Organisation | None,
                       contacts, participants) -> Interaction:
    me = _staff(actor)
    if not contacts and organisation is None:
        raise ValidationError(_("Name at least one contact or an organisation."))
    with transaction.atomic():
        interaction = Interaction.objects.create(key=new_key("i", f"{date}-{kind}"), kind=kind, date=date,
                                                 summary=summary, organisation=organisation, recorded_by=me)
        interaction.contacts.set(contacts)
        interaction.participants.set({me, *participants})
        audit.record(actor, "interaction.create", interaction, kind=kind, date=str(date),
                     contacts=[c.key for c in contacts])
    return interaction


def _normal_phone(phone: str) -> str:
    return re.sub(r"[^0-9+]", "", phone)


def find_duplicate(card, existing: list[ExternalContact]) -> ExternalContact | None:
    """Same email, or same name and phone, as a contact already in the intranet."""
    for contact in existing:
        if card.email and contact.email and card.email.lower() == contact.email.lower():
            return contact
        if (card.name.casefold() == contact.name.casefold() and card.phone
                and _normal_phone(card.phone) == _normal_phone(contact.phone)):
            return contact
    return None


def import_cards(actor, cards, *, visibility: str, legal_basis: str, source: str) -> list[ExternalContact]:
    """Write the new (non-duplicate) cards of a preview that had no errors, all in one transaction."""
    me = _staff(actor)
    if any(card.errors for card in cards):
        raise ValidationError(_("The file has errors; nothing was imported."))
    if legal_basis == ExternalContact.LegalBasis.CONSENT:
        raise ValidationError(_("Contacts kept on consent are added one by one with the consent record."))
    existing = list(ExternalContact.objects.all())
    created = []
    with transaction.atomic():
        for card in cards:
            if find_duplicate(card, existing + created):
                continue
            organisation = Organisation.objects.filter(name__iexact=card.organisation).first() \
                if card.organisation else None
            contact = ExternalContact.objects.create(
                key=new_key("c", card.name), name=card.name, organisation=organisation, role=card.role,
                email=card.email, phone=card.phone, added_by=me, source=source, legal_basis=legal_basis,
                visibility=visibility, source_kind=ExternalContact.SourceKind.OTHER)
            contact.known_by.add(me)
            created.append(contact)
        audit.record(actor, "contact.import", target_type="people.externalcontact", target_id="vcard",
                     created=[c.key for c in created], skipped=len(cards) - len(created))
    return created


def record_export(actor, contacts) -> None:
    audit.record(actor, "contact.export", target_type="people.externalcontact", target_id="vcard",
                 contacts=[c.key for c in contacts])

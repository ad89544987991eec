"""Writes to the network: contacts, interactions, the contact import. Each change is audited, and so is
every view of a contact's restricted data (email and phone)."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit
from people.models import ExternalContact, Interaction, Organisation, Partnership, Profile
from people.models.contacts import normal_phone
from people.network_queries import may_change_interaction, visible_contacts

CONTACT_FIELDS = (
    "name",
    "organisation",
    "role",
    "email",
    "phone",
    "source",
    "source_kind",
    "partnership",
    "legal_basis",
    "visibility",
    "consent_given_on",
    "consent_note",
)


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
        contact = ExternalContact.objects.create(
            key=new_key("c", values["name"]), added_by=me, **{k: v for k, v in values.items() if k in CONTACT_FIELDS}
        )
        contact.known_by.add(me)
        audit.record(actor, "contact.create", contact, visibility=contact.visibility, legal_basis=contact.legal_basis)
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


def record_interaction(
    actor, *, kind: str, date, summary: str, organisation: Organisation | None, contacts, participants
) -> Interaction:
    me = _staff(actor)
    if not contacts and organisation is None:
        raise ValidationError(_("Name at least one contact or an organisation."))
    with transaction.atomic():
        interaction = Interaction.objects.create(
            key=new_key("i", f"{date}-{kind}"),
            kind=kind,
            date=date,
            summary=summary,
            organisation=organisation,
            recorded_by=me,
        )
        interaction.contacts.set(contacts)
        interaction.participants.set({me, *participants})
        audit.record(
            actor, "interaction.create", interaction, kind=kind, date=str(date), contacts=[c.key for c in contacts]
        )
    return interaction


def _may_change(actor, interaction: Interaction) -> None:
    _staff(actor)
    if not may_change_interaction(actor, interaction):
        raise PermissionDenied


INTERACTION_FIELDS = ("kind", "date", "summary", "organisation")


def update_interaction(
    actor, interaction: Interaction, values: dict, *, contacts, participants, hidden_contacts=()
) -> list[str]:
    """`contacts` are the ones the editor chose among those they may see; `hidden_contacts` (those they may
    not see) stay as they were."""
    _may_change(actor, interaction)
    contacts = {*contacts, *hidden_contacts}
    if not contacts and values.get("organisation") is None:
        raise ValidationError(_("Name at least one contact or an organisation."))
    changed = [name for name in INTERACTION_FIELDS if getattr(interaction, name) != values[name]]
    if set(interaction.contacts.all()) != contacts:
        changed.append("contacts")
    if set(interaction.participants.all()) != set(participants):
        changed.append("participants")
    if changed:
        with transaction.atomic():
            for name in INTERACTION_FIELDS:
                setattr(interaction, name, values[name])
            interaction.save()
            interaction.contacts.set(contacts)
            interaction.participants.set(participants)
            audit.record(actor, "interaction.update", interaction, fields=sorted(changed))
    return changed


def delete_interaction(actor, interaction: Interaction) -> None:
    _may_change(actor, interaction)
    with transaction.atomic():
        audit.record(
            actor,
            "interaction.delete",
            interaction,
            kind=interaction.kind,
            date=str(interaction.date),
            contacts=[c.key for c in interaction.contacts.all()],
            organisation=interaction.organisation.key if interaction.organisation else None,
        )
        interaction.delete()


PARTNERSHIP_FIELDS = ("name", "kind", "description", "starts_on", "ends_on")


def _check_dates(values: dict) -> None:
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:  # the same rule as the directory import
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


def save_partnership(
    actor, partnership: Partnership | None, values: dict, *, organisations, people=None
) -> Partnership:
    """Create (partnership None) or change a partnership or project; staff only, audited."""
    _staff(actor)
    _check_dates(values)
    with transaction.atomic():
        if partnership is None:
            partnership = Partnership.objects.create(
                key=new_key("p", values["name"]), **{k: values[k] for k in PARTNERSHIP_FIELDS}
            )
            changed, action = list(PARTNERSHIP_FIELDS), "partnership.create"
        else:
            changed = [k for k in PARTNERSHIP_FIELDS if getattr(partnership, k) != values[k]]
            for name in changed:
                setattr(partnership, name, values[name])
            partnership.save()
            action = "partnership.update"
        if set(partnership.organisations.all()) != set(organisations):
            changed.append("organisations")
        partnership.organisations.set(organisations)
        if people is not None:
            if set(partnership.people.all()) != set(people):
                changed.append("people")
            partnership.people.set(people)
        if changed or action == "partnership.create":
            audit.record(
                actor,
                action,
                partnership,
                fields=sorted(set(changed)),
                organisations=sorted(o.key for o in organisations),
            )
    return partnership


DUPLICATE_BATCH = 500


def find_duplicate(card, existing) -> ExternalContact | None:
    """Same email, or same name and phone, as one of these contacts (the first that matches)."""
    for contact in existing:
        if card.email and contact.email and card.email.lower() == contact.email.lower():
            return contact
        if (
            card.name.casefold() == contact.name.casefold()
            and card.phone
            and normal_phone(card.phone) == normal_phone(contact.phone)
        ):
            return contact
    return None


def find_duplicates(cards, viewer) -> dict[int, ExternalContact]:
    """For each card (by its number) the existing contact it duplicates, among the contacts the viewer may
    see: a preview that named someone else's private contact would let anyone test addresses against them.
    Candidates are looked up per batch of cards on the contacts' normalised email, name and phone (indexed),
    never by loading every contact."""

    visible = visible_contacts(viewer).values("pk")
    found = {}
    usable = [card for card in cards if not card.errors]
    for start in range(0, len(usable), DUPLICATE_BATCH):
        batch = usable[start : start + DUPLICATE_BATCH]
        emails = {card.email.lower() for card in batch if card.email}
        phones = {normal_phone(card.phone) for card in batch if card.phone}
        names = {card.name.casefold()[:200] for card in batch if card.phone}
        rule = Q(match_email__in=emails) | Q(match_phone__in=phones, match_name__in=names)
        candidates = list(ExternalContact.objects.filter(rule).filter(pk__in=visible).order_by("name", "pk"))
        for card in batch:
            duplicate = find_duplicate(card, candidates)
            if duplicate is not None:
                found[card.number] = duplicate
    return found


IMPORT_BATCH = 200


def import_cards(actor, cards, *, visibility: str, legal_basis: str, source: str) -> list[ExternalContact]:
    """Write the new (non-duplicate) cards of a preview that had no errors.

    Everything is checked, matched and built first, outside any transaction; then the contacts are written
    IMPORT_BATCH at a time, one short transaction each with its own audit entry, so the embedded database's
    write lock is never held for more than one batch (a 1 MB file held it for minutes, and other people's
    sends failed meanwhile). A batch that fails leaves the earlier ones in place: importing the same file
    again finds them as duplicates and adds only the rest."""
    me = _staff(actor)
    if any(card.errors for card in cards):
        raise ValidationError(_("The file has errors; nothing was imported."))
    if legal_basis == ExternalContact.LegalBasis.CONSENT:
        raise ValidationError(_("Contacts kept on consent are added one by one with the consent record."))
    rows = _new_contacts(
        me, cards, find_duplicates(cards, actor), visibility=visibility, legal_basis=legal_basis, source=source
    )
    batches = [rows[start : start + IMPORT_BATCH] for start in range(0, len(rows), IMPORT_BATCH)] or [[]]
    for number, batch in enumerate(batches, start=1):
        with transaction.atomic():
            ExternalContact.objects.bulk_create(batch)
            me.contacts.add(*batch)  # one insert, and the m2m signal search listens to
            audit.record(
                actor,
                "contact.import",
                target_type="people.externalcontact",
                target_id="vcard",
                created=[c.key for c in batch],
                skipped=len(cards) - len(rows),
                batch=number,
                batches=len(batches),
            )
    return rows


def _new_contacts(
    me: Profile, cards, existing: dict, *, visibility: str, legal_basis: str, source: str
) -> list[ExternalContact]:
    """Unsaved contacts for the cards that duplicate neither an existing contact nor an earlier card."""
    organisations: dict[str, Organisation | None] = {}
    seen_emails, seen_name_phones = set(), set()
    rows = []
    for card in cards:
        email = card.email.lower()
        name_phone = (card.name.casefold(), normal_phone(card.phone)) if card.phone else None
        if (
            card.number in existing
            or (email and email in seen_emails)
            or (name_phone is not None and name_phone in seen_name_phones)
        ):
            continue
        seen_emails.add(email)
        if name_phone is not None:
            seen_name_phones.add(name_phone)
        wanted = card.organisation.lower()
        if wanted and wanted not in organisations:
            organisations[wanted] = Organisation.objects.filter(name__iexact=card.organisation).first()
        contact = ExternalContact(
            key=new_key("c", card.name),
            name=card.name,
            organisation=organisations.get(wanted),
            role=card.role,
            email=card.email,
            phone=card.phone,
            added_by=me,
            source=source,
            legal_basis=legal_basis,
            visibility=visibility,
            source_kind=ExternalContact.SourceKind.OTHER,
        )
        contact.refresh_match_keys()
        rows.append(contact)
    return rows


def record_export(actor, contacts) -> None:
    audit.record(
        actor,
        "contact.export",
        target_type="people.externalcontact",
        target_id="vcard",
        contacts=[c.key for c in contacts],
    )

"""Writing a validated file, type by type in dependency order; the caller holds the transaction."""

from django.utils import timezone

from feed.models import Comment, Post
from groups.models import Group, Membership
from intranet.directory_import.ids import Ids
from intranet.directory_import.parse import Record
from intranet.directory_import.people import apply_people
from intranet.directory_import.report import Counts
from intranet.directory_import.schema import APPLY_ORDER
from intranet.directory_import.upsert import Outcome, by_key, sync_links, update_late, upsert
from people.models import ExternalContact, Interaction, Organisation, Partnership, Profile, Skill, Unit, User

# Per type: the model, fields copied as they are (import name -> attribute), references
# (import name -> (attribute, type)) and many-to-many links (import name -> (relation, type)).
SIMPLE_TYPES = {
    "organisation": (
        Organisation,
        {
            "name": "name",
            "kind": "kind",
            "home": "is_home",
            "country": "country",
            "business_id": "business_id",
            "website": "website",
        },
        {},
        {},
    ),
    "skill": (
        Skill,
        {"label_fi": "label_fi", "label_sv": "label_sv", "label_en": "label_en", "synonyms": "synonyms"},
        {},
        {},
    ),
    "unit": (Unit, {"name": "name"}, {"organisation": ("organisation_id", "organisation")}, {}),
    "group": (
        Group,
        {"name": "name", "description": "description", "visibility": "visibility"},
        {},
        {"organisations": (Group.organisations, "organisation")},
    ),
    "contact": (
        ExternalContact,
        {
            "name": "name",
            "role": "role",
            "email": "email",
            "phone": "phone",
            "source": "source",
            "legal_basis": "legal_basis",
            "visibility": "visibility",
            "source_kind": "source_kind",
            "consent_given_on": "consent_given_on",
            "consent_note": "consent_note",
        },
        {
            "organisation": ("organisation_id", "organisation"),
            "added_by": ("added_by_id", "person"),
            "partnership": ("partnership_id", "partnership"),
        },
        {"known_by": (ExternalContact.known_by, "person")},
    ),
    "interaction": (
        Interaction,
        {"kind": "kind", "date": "date", "summary": "summary"},
        {"organisation": ("organisation_id", "organisation"), "recorded_by": ("recorded_by_id", "person")},
        {"participants": (Interaction.participants, "person"), "contacts": (Interaction.contacts, "contact")},
    ),
    "partnership": (
        Partnership,
        {"name": "name", "kind": "kind", "description": "description", "starts_on": "starts_on", "ends_on": "ends_on"},
        {},
        {"organisations": (Partnership.organisations, "organisation"), "people": (Partnership.people, "person")},
    ),
}


def apply(records: list[Record], referenced: dict[str, set[str]]) -> dict[str, Counts]:
    by_type: dict[str, list[Record]] = {name: [] for name in APPLY_ORDER}
    for record in records:
        by_type[record.type].append(record)
    ids = Ids(referenced)
    outcomes: dict[str, Outcome] = {}
    for name in APPLY_ORDER:
        chosen = by_type[name]
        if not chosen:
            continue
        if name == "person":
            outcomes[name] = apply_people(chosen, ids)
        elif name == "membership":
            outcomes[name] = _apply_memberships(chosen, ids)
        elif name in ("post", "comment"):
            outcomes[name] = _apply_feed(name, chosen, ids)
        else:
            outcomes[name] = _apply_simple(name, chosen, ids)
        if name == "unit":
            _late_refs(Unit, outcomes[name], chosen, ids, "parent", "parent_id", "unit")
        if name == "person":
            # Managers, stand-ins and successors may be on later lines.
            for field_name in ("manager", "stand_in", "successor"):
                _late_refs(Profile, outcomes[name], chosen, ids, field_name, f"{field_name}_id", "person")
    if by_type["post"]:
        # Answers exist only now; the accepted one can be pointed at.
        _late_refs(Post, outcomes["post"], by_type["post"], ids, "accepted_answer", "accepted_answer_id", "comment")
    return {name: _count(outcome) for name, outcome in outcomes.items()}


def _row(record: Record, ids: Ids, plain: dict, refs: dict) -> dict:
    row = {"key": record.key}
    row.update({attr: record.values[name] for name, attr in plain.items() if name in record.values})
    row.update(
        {attr: ids.get(target, record.values[name]) for name, (attr, target) in refs.items() if name in record.values}
    )
    return row


def _apply_simple(name: str, records: list[Record], ids: Ids) -> Outcome:
    model, plain, refs, links = SIMPLE_TYPES[name]
    rows = {record.key: _row(record, ids, plain, refs) for record in records}
    outcome = upsert(model, rows, by_key(model.objects.all(), rows))
    if model is ExternalContact:
        _refresh_match_keys(outcome)
    ids.remember(name, outcome.objects)
    key_of = {obj.pk: key for key, obj in outcome.objects.items()}
    for field_name, (relation, target) in links.items():
        wanted = {
            outcome.objects[record.key].pk: {ids.get(target, key) for key in record.values[field_name]}
            for record in records
            if field_name in record.values
        }
        outcome.mark_updated(key_of[pk] for pk in sync_links(relation, wanted))
    return outcome


def _refresh_match_keys(outcome: Outcome) -> None:
    """Bulk writes skip ExternalContact.save(): keep its normalised copies (duplicate detection) right."""
    stale = [contact for contact in outcome.objects.values() if contact.refresh_match_keys()]
    ExternalContact.objects.bulk_update(stale, ["match_email", "match_name", "match_phone"], batch_size=1000)


def _apply_feed(name: str, records: list[Record], ids: Ids) -> Outcome:
    model, parent = (Post, "group") if name == "post" else (Comment, "post")
    plain = {"kind": "kind", "title": "title", "body": "body", "created_at": "created_at"}
    rows = {}
    for record in records:
        row = _row(record, ids, plain, {parent: (f"{parent}_id", parent)})
        row["author_id"] = ids.user(record.values["author"])
        rows[record.key] = row
    # A post or comment without a time was written now; on later imports its time stays.
    outcome = upsert(model, rows, by_key(model.objects.all(), rows), defaults={"created_at": timezone.now()})
    ids.remember(name, outcome.objects)
    return outcome


def _apply_memberships(records: list[Record], ids: Ids) -> Outcome:
    rows = {}
    for record in records:
        group_id, user_id = ids.get("group", record.values["group"]), ids.user(record.values["person"])
        rows[(group_id, user_id)] = {"group_id": group_id, "user_id": user_id}
        if "role" in record.values:
            rows[(group_id, user_id)]["role"] = record.values["role"]
    group_ids = {group_id for group_id, _user_id in rows}
    user_ids = {user_id for _group_id, user_id in rows}
    existing = {
        (m.group_id, m.user_id): m
        for m in Membership.objects.filter(group_id__in=group_ids, user_id__in=user_ids)
        if (m.group_id, m.user_id) in rows
    }
    # A new member without a role is a guest if they are a guest, otherwise a member.
    guests = set(User.objects.filter(pk__in=user_ids, is_guest=True).values_list("pk", flat=True))
    for identity, row in rows.items():
        if identity not in existing and "role" not in row:
            row["role"] = Membership.Role.GUEST if identity[1] in guests else Membership.Role.MEMBER
    return upsert(Membership, rows, existing)


def _late_refs(
    model, outcome: Outcome, records: list[Record], ids: Ids, field_name: str, attr: str, target: str
) -> None:
    rows = {
        record.key: {attr: ids.get(target, record.values[field_name])}
        for record in records
        if field_name in record.values
    }
    update_late(model, outcome, rows)


def _count(outcome: Outcome) -> Counts:
    counts = Counts()
    for status in outcome.status.values():
        setattr(counts, status, getattr(counts, status) + 1)
    return counts

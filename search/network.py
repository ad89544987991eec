"""Evidence from the network: the organisations a person has dealt with, through the external
contacts they know and the interactions they took part in, each entry with its audience.

Contact visibility is people.network_queries' rule, written as audience markers a searcher holds
(search.visibility.Audience.evidence_markers):
- "staff": a contact shared with cooperating municipalities (every staff member sees it);
- "o:<organisation key>": an organisation-wide contact, for the staff of the organisation of a
  colleague who knows or added it;
- "p:<profile id>": the colleagues who know or added the contact (any level).
An interaction is visible when all of its contacts are, so its markers are the intersection of its
contacts' audiences ("staff" when it has no contacts). Guests hold no marker: they never see this.

Entries with the same organisation and audience are counted together; a searcher sees the sum of
the entries whose markers they hold, and only those match, score and appear in reasons.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.utils import timezone, translation

from people.models import ExternalContact, Interaction, Organisation
from search import analysis
from search.visibility import ANY_MARKER, STAFF_MARKER

Visibility = ExternalContact.Visibility
LANGUAGES = ("fi", "sv", "en")


def contact_audience(contact: ExternalContact) -> frozenset[str]:
    if contact.visibility == Visibility.COOPERATING:
        return frozenset({STAFF_MARKER})
    people = [*contact.known_by.all(), *([contact.added_by] if contact.added_by else [])]
    markers = {f"p:{person.pk}" for person in people}
    if contact.visibility == Visibility.ORGANISATION:
        markers |= {f"o:{person.organisation.key}" for person in people}
    return frozenset(markers)


def _matches(person: str, markers: frozenset[str], organisation_of: dict[str, str]) -> bool:
    return person in markers or f"o:{organisation_of.get(person)}" in markers


def intersect(first: frozenset[str], second: frozenset[str], organisation_of: dict[str, str]) -> frozenset[str]:
    """The markers of the searchers who hold both audiences (organisation_of: "p:<id>" -> organisation key).
    A searcher is in both if their organisation is in both, or they are named in one and covered
    by the other (by name or organisation)."""
    if STAFF_MARKER in first:
        return second
    if STAFF_MARKER in second:
        return first
    result = {marker for marker in first & second if marker.startswith("o:")}
    for person in {marker for marker in first | second if marker.startswith("p:")}:
        if _matches(person, first, organisation_of) and _matches(person, second, organisation_of):
            result.add(person)
    return frozenset(result)


def kind_labels(kind: str) -> list[str]:
    """The organisation's kind of work in every language (a query may name it: "yhdistys")."""
    label = dict(Organisation.Kind.choices).get(kind)
    if label is None:
        return []
    labels = []
    for language in LANGUAGES:
        with translation.override(language):
            labels.append(str(label))
    return labels


def organisation_tokens(entry: dict) -> set[str]:
    texts = [entry["name"], *entry.get("kinds", [])]
    return {token for text in texts for token in analysis.text_tokens(text)}


def terms(entries: list[dict]) -> dict[str, int]:
    """The dealt_with field: each organisation token once per marker of each entry (and under the
    operator's marker), repeated as many times as the entry has contacts and interactions."""
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        weight = entry["contacts"] + entry["interactions"]
        for marker in (*entry["audience"], ANY_MARKER):
            for token in organisation_tokens(entry):
                counts[marker_term(marker, token)] += weight
    return dict(counts)


def marker_term(marker: str, token: str) -> str:
    return f"{marker}|{token}"


def dealt_with(profile_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Profile id -> entries {"organisation", "name", "kinds", "contacts", "interactions", "latest",
    "audience"}, for the contacts those people know and the interactions they took part in."""
    profile_ids = set(profile_ids)
    if not profile_ids:
        return {}
    found: dict[int, dict[tuple, dict]] = defaultdict(dict)
    organisations: dict[int, Organisation] = {}
    audiences: dict[int, frozenset[str]] = {}
    organisation_of: dict[str, str] = {}

    def audience_of(contact: ExternalContact) -> frozenset[str]:
        if contact.pk not in audiences:
            audiences[contact.pk] = contact_audience(contact)
            for person in [*contact.known_by.all(), *([contact.added_by] if contact.added_by else [])]:
                organisation_of[f"p:{person.pk}"] = person.organisation.key
        return audiences[contact.pk]

    def note(profile_id: int, organisation: Organisation, audience: frozenset[str], counter: str, day) -> None:
        organisations[organisation.pk] = organisation
        entry = found[profile_id].setdefault(
            (organisation.pk, audience), {"contacts": 0, "interactions": 0, "latest": day}
        )
        entry[counter] += 1
        entry["latest"] = max(entry["latest"], day)

    contact_rows = (
        ExternalContact.objects.filter(known_by__in=profile_ids, organisation__isnull=False)
        .distinct()
        .select_related("organisation", "added_by__organisation")
        .prefetch_related("known_by__organisation")
    )
    for contact in contact_rows:
        audience = audience_of(contact)
        for person in contact.known_by.all():
            if person.pk in profile_ids:
                note(person.pk, contact.organisation, audience, "contacts", timezone.localdate(contact.created_at))
    interaction_rows = (
        Interaction.objects.filter(participants__in=profile_ids)
        .distinct()
        .select_related("organisation")
        .prefetch_related(
            "participants",
            "contacts__organisation",
            "contacts__known_by__organisation",
            "contacts__added_by__organisation",
        )
    )
    for interaction in interaction_rows:
        contacts = list(interaction.contacts.all())
        audience = frozenset({STAFF_MARKER})
        for contact in contacts:
            audience = intersect(audience, audience_of(contact), organisation_of)
        with_organisations = {
            org.pk: org for org in [interaction.organisation, *(c.organisation for c in contacts)] if org is not None
        }
        for person in interaction.participants.all():
            if person.pk in profile_ids:
                for organisation in with_organisations.values():
                    note(person.pk, organisation, audience, "interactions", interaction.date)
    result: dict[int, list[dict]] = {}
    for profile_id, entries in found.items():
        rows = []
        for (organisation_pk, audience), counts in entries.items():
            organisation = organisations[organisation_pk]
            rows.append(
                {
                    "organisation": organisation.key,
                    "name": organisation.name,
                    "kinds": kind_labels(organisation.kind),
                    "contacts": counts["contacts"],
                    "interactions": counts["interactions"],
                    "latest": counts["latest"].isoformat(),
                    "audience": sorted(audience),
                }
            )
        result[profile_id] = sorted(rows, key=lambda row: (row["organisation"], row["audience"]))
    return result


def visible_summary(entries: list[dict]) -> list[dict]:
    """Entries (already limited to what the searcher sees) summed per organisation, most recent first."""
    per_organisation: dict[str, dict] = {}
    for entry in entries:
        summary = per_organisation.setdefault(
            entry["organisation"],
            {
                "organisation": entry["organisation"],
                "name": entry["name"],
                "kinds": entry.get("kinds", []),
                "contacts": 0,
                "interactions": 0,
                "latest": entry["latest"],
            },
        )
        summary["contacts"] += entry["contacts"]
        summary["interactions"] += entry["interactions"]
        summary["latest"] = max(summary["latest"], entry["latest"])
    return sorted(per_organisation.values(), key=lambda row: (row["latest"], row["name"]), reverse=True)

"""Bulk writes that only touch what differs: compare each field before saving, so a repeated
import writes nothing and can say exactly what it created, updated or left unchanged."""

from dataclasses import dataclass, field

from django.db import models

from intranet.directory_import.known import chunked

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Outcome:
    objects: dict = field(default_factory=dict)  # identity -> saved object
    status: dict = field(default_factory=dict)  # identity -> CREATED / UPDATED / UNCHANGED

    def mark_updated(self, identities) -> None:
        for identity in identities:
            if self.status.get(identity) == UNCHANGED:
                self.status[identity] = UPDATED


def by_key(queryset: models.QuerySet, keys) -> dict:
    found = {}
    for chunk in chunked(sorted(keys)):
        found.update({obj.key: obj for obj in queryset.filter(key__in=chunk)})
    return found


def differences(obj: models.Model, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(obj, name) != value]


def upsert(model, rows: dict, existing: dict, *, defaults: dict | None = None) -> Outcome:
    """Create the rows missing from `existing`, update those that differ.

    rows: identity -> {attribute name: value}, only the fields the import gives;
    a new object takes `defaults` and the model's defaults for the rest.
    """
    outcome = Outcome()
    new, changed, changed_fields = [], [], set()
    for identity, values in rows.items():
        obj = existing.get(identity)
        if obj is None:
            obj = model(**{**(defaults or {}), **values})
            new.append(obj)
            outcome.status[identity] = CREATED
        else:
            names = differences(obj, values)
            for name in names:
                setattr(obj, name, values[name])
            if names:
                changed.append(obj)
                changed_fields.update(names)
            outcome.status[identity] = UPDATED if names else UNCHANGED
        outcome.objects[identity] = obj
    model.objects.bulk_create(new)
    save_changes(model, changed, changed_fields)
    return outcome


def save_changes(model, objects: list, names: set) -> None:
    if objects:
        model.objects.bulk_update(objects, sorted(names))


def update_late(model, outcome: Outcome, rows: dict) -> None:
    """Second pass for a field that may point at objects written after this type
    (a unit's parent, a post's accepted answer)."""
    changed, names = [], set()
    for identity, values in rows.items():
        obj = outcome.objects[identity]
        diff = differences(obj, values)
        for name in diff:
            setattr(obj, name, values[name])
        if diff:
            changed.append(obj)
            names.update(diff)
            outcome.mark_updated([identity])
    save_changes(model, changed, names)


def sync_links(relation, desired: dict[int, set[int]]) -> set[int]:
    """Make a many-to-many relation hold exactly `desired` for these owners; the owners whose
    links changed are returned."""
    through = relation.through
    owner = relation.field.m2m_field_name() + "_id"
    target = relation.field.m2m_reverse_field_name() + "_id"
    current: dict[int, set[int]] = {pk: set() for pk in desired}
    for chunk in chunked(desired):
        for owner_id, target_id in through.objects.filter(**{f"{owner}__in": chunk}).values_list(owner, target):
            current[owner_id].add(target_id)
    add, changed = [], set()
    for owner_id, targets in desired.items():
        missing, extra = targets - current[owner_id], current[owner_id] - targets
        add += [through(**{owner: owner_id, target: target_id}) for target_id in sorted(missing)]
        if extra:
            through.objects.filter(**{owner: owner_id, f"{target}__in": extra}).delete()
        if missing or extra:
            changed.add(owner_id)
    through.objects.bulk_create(add)
    return changed

"""Rules that look across lines: keys that must exist, and how objects must fit together."""

from groups.models import Membership
from intranet.directory_import.known import Known
from intranet.directory_import.parse import Record
from intranet.directory_import.report import Issue
from intranet.directory_import.schema import TYPES
from people.reserved_keys import PREFIXES, is_reserved


def duplicate_keys(records: list[Record]) -> list[Issue]:
    first: dict[tuple[str, str], int] = {}
    issues = []
    for record in records:
        if record.key is None:
            continue
        seen = first.setdefault((record.type, record.key), record.line)
        if seen != record.line:
            issues.append(
                Issue(record.line, "key", f'duplicate {record.type} key "{record.key}" (first on line {seen})')
            )
    return issues


def reserved_keys(records: list[Record]) -> list[Issue]:
    """A key equal to a fixed address of the people pages would make that object unreachable."""

    return [
        Issue(
            record.line,
            "key",
            f'"{record.key}" is a fixed address of the people pages'
            f" (/people/{PREFIXES[record.type]}{record.key}/); choose another key",
        )
        for record in records
        if record.key is not None and is_reserved(record.type, record.key)
    ]


def unknown_references(records: list[Record], known: Known) -> list[Issue]:
    issues = []
    for record in records:
        for path, target, key in TYPES[record.type].references(record.values):
            if not known.exists(target, key):
                issues.append(
                    Issue(
                        record.line,
                        path,
                        f'unknown key "{key}" (no {target} with this key in the file or the database)',
                    )
                )
    return issues


def person_rules(record: Record, known: Known, emails_seen: dict[str, Record]) -> list[Issue]:
    issues = []
    values, key = record.values, record.key
    organisation = values.get("organisation")
    unit = values.get("unit")
    if organisation and unit and known.exists("unit", unit):
        unit_organisation = known.fact("unit", unit, "organisation")
        if unit_organisation != organisation:
            issues.append(
                Issue(
                    record.line, "unit", f'"{unit}" belongs to organisation "{unit_organisation}", not "{organisation}"'
                )
            )
    if organisation and known.exists("organisation", organisation):
        guest = known.fact("person", key, "guest")
        home = known.fact("organisation", organisation, "home")
        if guest and home:
            issues.append(
                Issue(
                    record.line,
                    "guest",
                    f'a guest comes from a partner organisation, not from the home organisation "{organisation}"',
                )
            )
        if not guest and not home:
            issues.append(
                Issue(
                    record.line,
                    "organisation",
                    f'"{organisation}" is not a home organisation: its people are guests ("guest": true)',
                )
            )
    if "email" in values:
        issues.extend(_email_rules(record, known, emails_seen))
    return issues


def _email_rules(record: Record, known: Known, emails_seen: dict[str, Record]) -> list[Issue]:
    email, key = record.values["email"], record.key
    other = emails_seen.setdefault(email, record)
    if other is not record:
        return [Issue(record.line, "email", f'"{email}" is also the email of person "{other.key}" (line {other.line})')]
    if email not in known.email_owners:
        return []
    owner = known.email_owners[email]
    if owner is not None and owner != key:
        return [Issue(record.line, "email", f'"{email}" already belongs to person "{owner}" in the database')]
    if owner is None and known.in_db("person", key):
        return [Issue(record.line, "email", f'"{email}" already belongs to another account in the database')]
    return []


def unit_rules(record: Record, known: Known) -> list[Issue]:
    parent = record.values.get("parent")
    if not parent or not known.exists("unit", parent):
        return []
    organisation = known.fact("unit", record.key, "organisation")
    parent_organisation = known.fact("unit", parent, "organisation")
    if organisation and parent_organisation != organisation:
        return [
            Issue(
                record.line,
                "parent",
                f'"{parent}" belongs to organisation "{parent_organisation}", not "{organisation}"',
            )
        ]
    chain, current = [record.key], parent
    while current is not None:
        chain.append(current)
        if current == record.key:
            return [Issue(record.line, "parent", "makes a cycle: " + " → ".join(chain))]
        if current in chain[:-1]:
            return []  # a cycle further up, reported on its own line
        current = known.fact("unit", current, "parent")
    return []


def membership_rules(record: Record, known: Known) -> list[Issue]:
    person, role = record.values.get("person"), record.values.get("role")
    if not person or not role or not known.exists("person", person):
        return []
    guest = known.fact("person", person, "guest")
    if guest and role != Membership.Role.GUEST:
        return [Issue(record.line, "role", f'person "{person}" is a guest, so their role is "guest"')]
    if not guest and role == Membership.Role.GUEST:
        return [Issue(record.line, "role", f'only guests have the role "guest"; "{person}" is staff')]
    return []


def post_rules(record: Record, known: Known) -> list[Issue]:
    issues = []
    kind = known.fact("post", record.key, "kind")
    if kind == "question" and not (known.fact("post", record.key, "title") or "").strip():
        issues.append(Issue(record.line, "title", "a question needs a title"))
    answer = record.values.get("accepted_answer")
    if answer and known.exists("comment", answer):
        if kind != "question":
            issues.append(Issue(record.line, "accepted_answer", 'only a question ("kind": "question") has one'))
        answers_post = known.fact("comment", answer, "post")
        if answers_post != record.key:
            issues.append(
                Issue(record.line, "accepted_answer", f'comment "{answer}" answers post "{answers_post}", not this one')
            )
    return issues


def person_link_rules(record: Record) -> list[Issue]:
    issues = [
        Issue(record.line, name, "must be another person, not this one")
        for name in ("manager", "stand_in", "successor")
        if record.values.get(name) == record.key
    ]
    return issues


def contact_rules(record: Record) -> list[Issue]:
    if record.values.get("legal_basis") == "consent" and not record.values.get("consent_given_on"):
        return [Issue(record.line, "consent_given_on", 'is required when the legal basis is "consent"')]
    return []


def partnership_rules(record: Record) -> list[Issue]:
    starts, ends = record.values.get("starts_on"), record.values.get("ends_on")
    if starts and ends and ends < starts:
        return [Issue(record.line, "ends_on", f"{ends} is before starts_on {starts}")]
    return []


def cross_line_rules(records: list[Record], known: Known) -> list[Issue]:
    issues: list[Issue] = []
    emails_seen: dict[str, Record] = {}
    for record in records:
        if record.type == "person":
            issues += person_rules(record, known, emails_seen)
            issues += person_link_rules(record)
        elif record.type == "contact":
            issues += contact_rules(record)
        elif record.type == "partnership":
            issues += partnership_rules(record)
        elif record.type == "unit":
            issues += unit_rules(record, known)
        elif record.type == "membership":
            issues += membership_rules(record, known)
        elif record.type == "post":
            issues += post_rules(record, known)
    return issues

"""Validation of a whole file before anything is written: every line, every problem, in line order."""

from collections.abc import Iterable

from intranet.directory_import.known import DATABASE_FACTS, Known
from intranet.directory_import.parse import Record, parse_line
from intranet.directory_import.report import Issue
from intranet.directory_import.rules import cross_line_rules, duplicate_keys, reserved_keys, unknown_references
from intranet.directory_import.schema import TYPES


def validate(lines: Iterable[str]) -> tuple[list[Record], list[Issue], int]:
    """The parsed records, the problems found (empty when the file may be applied), and the line count."""
    records: list[Record] = []
    issues: list[Issue] = []
    count = 0
    for number, text in enumerate(lines, start=1):
        count = number
        if not text.strip():
            continue  # blank lines are allowed, e.g. between sections
        record, found = parse_line(number, text)
        issues += found
        if record is not None:
            records.append(record)
    issues += duplicate_keys(records)
    issues += reserved_keys(records)
    known = Known(records)
    known.load(keys_by_type(records), _emails(records))
    issues += unknown_references(records, known)
    issues += cross_line_rules(records, known)
    return records, sorted(dict.fromkeys(issues), key=lambda issue: issue.line), count


def keys_by_type(records: list[Record]) -> dict[str, set[str]]:
    """Every key the file gives or points to, per type: the rules need to know what the database holds."""
    wanted: dict[str, set[str]] = {name: set() for name in DATABASE_FACTS}
    for record in records:
        if record.key is not None and record.type in wanted:
            wanted[record.type].add(record.key)
        for _path, target, key in TYPES[record.type].references(record.values):
            wanted[target].add(key)
    return wanted


def _emails(records: list[Record]) -> set[str]:
    return {record.values["email"] for record in records if record.type == "person" and "email" in record.values}

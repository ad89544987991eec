"""Reading one line on its own: JSON, a known type, known fields, each value well formed."""

import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from intranet.directory_import.fields import FieldError, ListErrors
from intranet.directory_import.report import Issue
from intranet.directory_import.schema import TYPES, membership_key

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Record:
    line: int
    type: str
    key: str | None
    # The cleaned values of the fields the line gives (without "type"); a field whose
    # value was bad is left out, so later checks only see trustworthy values.
    values: dict = field(default_factory=dict)


class _Pairs(dict):
    """A JSON object that remembers names given twice (plain json keeps the last silently)."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.repeated = sorted(name for name, n in Counter(name for name, _value in pairs).items() if n > 1)


def parse_line(number: int, text: str) -> tuple[Record | None, list[Issue]]:
    try:
        data = json.loads(text, object_pairs_hook=_Pairs)
    except json.JSONDecodeError as error:
        return None, [Issue(number, "", f"not valid JSON: {error.msg} at column {error.colno}")]
    except RecursionError:
        return None, [Issue(number, "", "not valid JSON here: nested too deeply")]
    if not isinstance(data, dict):
        return None, [Issue(number, "", "must be a JSON object")]
    broken = lone_surrogates(data)
    if broken:
        return None, [
            Issue(number, path, "contains an escaped lone surrogate (such as \\ud800), which is not text")
            for path in broken
        ]
    if data.repeated:
        return None, [Issue(number, name, "is given twice") for name in data.repeated]
    kind = data.get("type")
    if "type" not in data:
        return None, [Issue(number, "type", "is required")]
    if not isinstance(kind, str) or kind not in TYPES:
        return None, [
            Issue(
                number,
                "type",
                f"unknown type {json.dumps(kind, ensure_ascii=False)} (expected one of {', '.join(TYPES)})",
            )
        ]
    spec = TYPES[kind]
    issues = [_unknown_field(number, name, spec.fields) for name in data if name not in spec.fields]
    values = {}
    for name, rule in spec.fields.items():
        if name == "type":
            continue
        if name not in data:
            if rule.required:
                issues.append(Issue(number, name, "is required"))
            continue
        try:
            values[name] = rule.clean(data[name])
        except FieldError as error:
            issues.append(Issue(number, name + error.path, error.message))
        except ListErrors as errors:
            issues += [Issue(number, name + error.path, error.message) for error in errors.errors]
            values[name] = errors.usable  # only for checking references: a line with issues is never written
    key = values.get("key")
    if kind == "membership":
        key, issue = _membership_key(number, data, values)
        issues.extend([issue] if issue else [])
    return Record(number, kind, key, values), issues


def lone_surrogates(data) -> list[str]:
    """The paths (as the issues name fields: `name`, `name[2]`, `name.sub`) of the strings and names that
    hold a lone surrogate: JSON can escape one ("\\ud800"), but no database stores it and no terminal
    prints it. Iterative, since the value may be nested as deeply as the JSON reader allows."""
    found, todo = [], [("", data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                found.append(path)
        elif isinstance(value, dict):
            for name, item in value.items():
                if _SURROGATE.search(name):
                    found.append(_printable(f"{path}.{name}" if path else name))
                else:
                    todo.append((f"{path}.{name}" if path else name, item))
        elif isinstance(value, list):
            todo += [(f"{path}[{index}]", item) for index, item in enumerate(value)]
    return sorted(found)


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _unknown_field(number: int, name: str, known) -> Issue:
    guess = difflib.get_close_matches(name, list(known), n=1)
    hint = f' (did you mean "{guess[0]}"?)' if guess else ""
    return Issue(number, name, f"unknown field{hint}")


def _membership_key(number: int, data: dict, values: dict) -> tuple[str | None, Issue | None]:
    if "group" not in values or "person" not in values:
        return None, None
    derived = membership_key(values["group"], values["person"])
    if "key" in data and values.get("key") != derived:
        return derived, Issue(number, "key", f'must be "{derived}" (group/person) or left out')
    return derived, None

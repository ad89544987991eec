"""Apps depend only downward (docs/architecture.md): no module of an app imports a module of an app
above it, not even inside a function. Effects upward travel as domain events (core.events).

The known exceptions are listed below, each with the issue that removes it: the list may only shrink.
An entry that is no longer needed fails the test too, so it is taken off when its import goes."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top; apps on one rank may import each other.
LAYERS = [
    {"core", "files", "scheduler", "frontend"},
    {"people"},
    {"groups"},
    {"feed"},
    {"notifications"},
    {"messaging"},
    {"search"},
    {"intranet"},
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}

# (importing file, imported module). Do not add to this list: publish an event, or move the code up.
ALLOWED = {
    # Handover is a workflow over people, groups and feed: it moves above them (issue 13's follow-up
    # "handover above the apps it orchestrates").
    ("people/handover.py", "feed.models"),
    ("people/handover.py", "feed.queries"),
    ("people/handover.py", "groups.models"),
    ("people/handover.py", "groups.queries"),
    ("people/network_forms.py", "feed.models"),
    ("people/network_forms.py", "groups.models"),
    # People's pages and visibility read group memberships and posts (issue 13's follow-up "people pages
    # and group-based visibility read groups through a port or move up").
    ("people/queries.py", "groups.queries"),
    ("people/views.py", "feed.queries"),
    ("people/views.py", "groups.queries"),
}


def _modules(path: Path):
    """Every absolute import in the file, at module level or inside functions and classes."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno


def upward_imports() -> dict[tuple[str, str], int]:
    found = {}
    for app, rank in RANK.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = path.relative_to(ROOT).as_posix()
            for module, line in _modules(path):
                target = module.split(".")[0]
                if RANK.get(target, -1) > rank:
                    found.setdefault((name, module), line)
    return found


def test_the_scan_sees_function_level_imports(tmp_path):
    source = tmp_path / "example.py"
    source.write_text("import os\n\ndef later():\n    from search.sync import queue_profiles\n")
    assert ("search.sync", 4) in set(_modules(source))


def test_no_app_imports_an_app_above_it():
    found = upward_imports()
    new = sorted(
        f"{name}:{line} imports {module}" for (name, module), line in found.items() if (name, module) not in ALLOWED
    )
    assert not new, "Upward imports (publish a domain event instead, see docs/architecture.md):\n" + "\n".join(new)


def test_the_list_of_exceptions_only_shrinks():
    gone = ALLOWED - set(upward_imports())
    assert not gone, f"These imports are gone: take them off ALLOWED in tests/test_layers.py: {sorted(gone)}"


def test_notifications_and_search_are_called_by_nobody_below_them():
    # The cleaned edges of issue 13: feed, groups and people reach notifications and search only by events.
    below = {"people", "groups", "feed"}
    reached = {
        (name, module)
        for name, module in upward_imports()
        if name.split("/")[0] in below and module.split(".")[0] in {"notifications", "messaging", "search"}
    }
    assert reached == set()

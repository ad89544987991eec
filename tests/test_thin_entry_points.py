"""Views, API endpoints, socket consumers and template tags stay thin: they read through an app's query
functions (where the visibility rules live) and write through its services, never through a model's
manager themselves, so no page or endpoint can skip a rule by querying on its own."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "core",
    "files",
    "frontend",
    "scheduler",
    "people",
    "groups",
    "feed",
    "notifications",
    "messaging",
    "search",
    "intranet",
]


def entry_points() -> list[Path]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            name = path.name
            if (
                ("templatetags" in path.parts and name != "__init__.py")
                or name in {"api.py", "consumers.py"}
                or name.startswith("views")
                or name.endswith("_views.py")
                or name == "group_page.py"
            ):
                found.append(path)
    return found


def manager_uses(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "objects"]


def test_the_scan_finds_the_entry_points():
    names = {path.relative_to(ROOT).as_posix() for path in entry_points()}
    assert {
        "feed/views.py",
        "groups/api.py",
        "messaging/consumers.py",
        "people/views_network.py",
        "notifications/templatetags/notifications.py",
        "intranet/group_page.py",
    } <= names


def test_the_scan_sees_a_manager_use(tmp_path):
    source = tmp_path / "views.py"
    source.write_text("def page(request):\n    return Post.objects.filter(pk=1)\n")
    assert manager_uses(source) == [2]


def test_no_entry_point_touches_a_model_manager():
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in entry_points() for line in manager_uses(path)]
    assert offenders == [], "read through queries.py and write through services.py: " + ", ".join(offenders)

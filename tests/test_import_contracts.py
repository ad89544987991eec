"""Apps depend only downward: the import contracts of [tool.importlinter] in pyproject.toml hold, with no
import ignored, and every app of the project is in a layer (docs/architecture.md draws them)."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.packaging.test_wheel import local_apps

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300, env=env
    )


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_contract_ignores_an_import():
    assert all("ignore_imports" not in contract for contract in CONFIG["contracts"])


def test_every_app_is_in_a_layer():
    (layers,) = [contract["layers"] for contract in CONFIG["contracts"] if contract["type"] == "layers"]
    layered = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    assert layered == set(CONFIG["root_packages"]) == set(local_apps())


def test_an_import_inside_a_function_breaks_the_contract(tmp_path):
    # The contracts see what a deferred import hides from a reader: "from high import ..." in a function.
    (tmp_path / "low").mkdir()
    (tmp_path / "low" / "__init__.py").write_text("def later():\n    from high import thing\n    return thing\n")
    (tmp_path / "high").mkdir()
    (tmp_path / "high" / "__init__.py").write_text("thing = 1\n")
    (tmp_path / ".importlinter").write_text(
        "[importlinter]\nroot_packages =\n    low\n    high\n\n"
        "[importlinter:contract:layers]\nname = layers\ntype = layers\nlayers =\n    high\n    low\n"
    )
    result = lint_imports(tmp_path, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "low -> high" in result.stdout


def _imports_inside_functions(path: Path):
    """(line, module) of each import of a project module inside a function other than AppConfig.ready."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) or function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            yield from ((node.lineno, name) for name in names if name.split(".")[0] in CONFIG["root_packages"])


def test_no_import_of_the_project_hides_inside_a_function():
    # A deferred import is how a cycle hides; the contracts would still see it, a reader would not. Only
    # AppConfig.ready() imports late, as Django wants (signal receivers, subscribers, ports).
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for app in CONFIG["root_packages"]
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line, module in _imports_inside_functions(path)
    ]
    assert not found, "Import at module level (and break the cycle, if one appears):\n" + "\n".join(found)


def test_the_scan_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "example.py"
    source.write_text("import os\n\n\ndef later():\n    from search.sync import queue_profiles\n")
    assert list(_imports_inside_functions(source)) == [(5, "search.sync")]

"""Every library the apps import is declared in pyproject.toml, and requirements.lock pins exactly what
pyproject.toml asks for, each file with its hash."""

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.packaging.install import LOCK, REPO
from tests.packaging.test_wheel import local_apps

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
# The production image: CPython 3.11 on Linux.
PRODUCTION = {
    **default_environment(),
    "python_version": "3.11",
    "python_full_version": "3.11.2",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "os_name": "posix",
}


def declared() -> dict[str, Requirement]:
    requirements = [Requirement(line) for line in PYPROJECT["project"]["dependencies"]]
    return {canonicalize_name(requirement.name): requirement for requirement in requirements}


def imported_top_level_modules() -> dict[str, set[str]]:
    """Each absolute top-level module the apps' code imports, with the files that import it."""
    modules: dict[str, set[str]] = {}
    for app in local_apps():
        for path in (REPO / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    modules.setdefault(name.split(".")[0], set()).add(str(path.relative_to(REPO)))
    return modules


def third_party_imports() -> dict[str, set[str]]:
    local = set(local_apps())
    return {
        module: files
        for module, files in imported_top_level_modules().items()
        if module not in sys.stdlib_module_names and module not in local
    }


def test_the_import_scan_sees_the_libraries_the_apps_use():
    # Guards the scan: these are imported in many places.
    assert {"django", "wagtail", "channels", "ninja", "elasticsearch_dsl", "PIL"} <= set(third_party_imports())


def test_every_library_the_apps_import_is_a_declared_dependency():
    distributions = importlib.metadata.packages_distributions()
    names = declared()
    undeclared = {}
    for module, files in sorted(third_party_imports().items()):
        providers = {canonicalize_name(name) for name in distributions.get(module, [])}
        assert providers, f"{module} (imported by {sorted(files)[0]}) is not installed"
        if not providers & set(names):
            undeclared[module] = f"{'/'.join(sorted(providers))} (imported by {sorted(files)[0]})"
    assert not undeclared, f"declare in pyproject.toml [project] dependencies: {undeclared}"


def modules_the_settings_name() -> set[str]:
    """Top-level modules of the dotted paths in the settings (apps, middleware, backends), which Django
    imports by name: settings.INSTALLED_APPS and every "a.b.C" string of intranet/settings.py and core/env.py."""
    from django.conf import settings

    names = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    for path in (REPO / "intranet" / "settings.py", REPO / "core" / "env.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"[a-z_][a-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+", node.value):
                    names.add(node.value.split(".")[0])
    return {
        name
        for name in names
        if name not in sys.stdlib_module_names and name not in set(local_apps()) and importable(name)
    }


def importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_every_library_the_settings_name_is_declared_or_required_by_a_declared_one():
    # "modelcluster", "taggit", "django_filters" are in INSTALLED_APPS because Wagtail requires them.
    distributions = importlib.metadata.packages_distributions()
    names = set(declared())
    required = {
        canonicalize_name(Requirement(line).name)
        for name in names
        for line in importlib.metadata.requires(name) or []
        if "extra ==" not in line
    }
    assert {"csp", "whitenoise", "modelcluster", "django_tasks_db"} <= modules_the_settings_name()
    for module in sorted(modules_the_settings_name()):
        providers = {canonicalize_name(name) for name in distributions.get(module, [])}
        assert providers & (names | required), f"settings name {module} ({providers}): declare it in pyproject.toml"


def test_every_dependency_has_a_compatible_range():
    # A lower bound that works, and an upper one before the next major (or minor, where it breaks).
    for requirement in declared().values():
        operators = {spec.operator for spec in requirement.specifier}
        assert ">=" in operators and "<" in operators, f"{requirement}: give a range such as >=X.Y,<X+1"


# --- requirements.lock -------------------------------------------------------------------------


def locked() -> list[tuple[Requirement, list[str]]]:
    """Each pinned requirement of the lock file with its hashes."""
    text = re.sub(r"\\\n", " ", LOCK.read_text())
    entries = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        hashes = re.findall(r"--hash=(\S+)", line)
        requirement = Requirement(re.sub(r"\s*--hash=\S+", "", line).strip())
        entries.append((requirement, hashes))
    return entries


def pinned_for_production() -> dict[str, str]:
    versions = {}
    for requirement, _ in locked():
        if requirement.marker is None or requirement.marker.evaluate(PRODUCTION):
            (spec,) = requirement.specifier
            versions[canonicalize_name(requirement.name)] = spec.version
    return versions


def test_every_pin_is_exact_and_has_hashes():
    entries = locked()
    assert len(entries) > 40
    for requirement, hashes in entries:
        specs = list(requirement.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{requirement}: pin one version"
        assert hashes and all(h.startswith("sha256:") and len(h) == 71 for h in hashes), requirement


def test_the_lock_satisfies_every_dependency_of_pyproject():
    versions = pinned_for_production()
    for name, requirement in declared().items():
        assert name in versions, f"{requirement} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(versions[name], prereleases=True), (
            f"requirements.lock pins {name}=={versions[name]}, pyproject.toml asks {requirement}: run `make lock`"
        )
        for extra in requirement.extras:  # psycopg[binary,pool] brings psycopg-binary, psycopg-pool
            assert canonicalize_name(f"{name}-{extra}") in versions, f"{requirement}: {extra} is not locked"


def test_the_lock_has_nothing_of_the_dev_extra():
    dev = {canonicalize_name(Requirement(line).name) for line in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    leaked = (dev - set(declared())) & set(pinned_for_production())
    assert not leaked, f"test tools in the production lock: {sorted(leaked)}"


def test_the_lock_is_what_make_lock_makes_of_pyproject(tmp_path):
    """Recompiles (scripts/lock.sh, as `make lock` does) starting from the committed pins: anything in
    pyproject.toml the lock does not match -- a new dependency, a range the pin falls outside -- changes
    the output. Pins pyproject.toml still allows are kept, so a new release upstream changes nothing."""
    if shutil.which("uv", path=os.path.dirname(sys.executable)) is None:
        pytest.fail("uv is not installed: it is in the dev extra (pip install -e '.[dev]')")
    output = tmp_path / "requirements.lock"
    shutil.copyfile(LOCK, output)
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "lock.sh"), str(output)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert output.read_text() == LOCK.read_text(), "requirements.lock is out of date: run `make lock`"

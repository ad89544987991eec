"""What a non-editable install gets: the built wheel holds every local app with its templates, static
files, compiled catalogues and migrations -- and nothing of the checkout besides."""

import gettext
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from tests.packaging.install import REPO


def local_apps() -> list[str]:
    """The INSTALLED_APPS that are packages of this repository (not libraries)."""
    apps = []
    for app in settings.INSTALLED_APPS:
        top = app.split(".")[0]
        if (REPO / top / "__init__.py").exists() and top not in apps:
            apps.append(top)
    return apps


def tracked_files(*paths: str) -> list[str]:
    result = subprocess.run(["git", "ls-files", "--", *paths], cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"git ls-files failed (a checkout is needed): {result.stderr}")
    return [line for line in result.stdout.splitlines() if (REPO / line).is_file()]


@pytest.fixture(scope="module")
def wheel_files(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_local_apps_are_the_ones_the_settings_install():
    # Guards the helper: a wrong list would make the tests below prove nothing.
    assert {
        "intranet",
        "frontend",
        "people",
        "groups",
        "feed",
        "messaging",
        "search",
        "notifications",
        "scheduler",
    } <= set(local_apps())


@pytest.mark.parametrize("app", local_apps())
def test_every_installed_app_is_in_the_wheel_with_its_templates_static_files_and_migrations(app, wheel_files):
    assert f"{app}/__init__.py" in wheel_files
    assert f"{app}/apps.py" in wheel_files or not (REPO / app / "apps.py").exists()
    for kind in ("templates", "static", "migrations", "management"):
        expected = tracked_files(f"{app}/{kind}")
        missing = sorted(set(expected) - wheel_files)
        assert not missing, f"the wheel lacks {app}'s {kind}: {missing[:10]}"


def test_every_file_of_every_app_is_in_the_wheel(wheel_files):
    # Data files too (search/evaluation/*.json, fixtures, ...): whatever the checkout's code can open.
    missing = sorted(set(tracked_files(*local_apps())) - wheel_files)
    assert not missing, f"in the checkout, not in the wheel: {missing[:20]}"


def test_the_wheel_holds_the_apps_only(wheel_files):
    top_level = {name.split("/")[0] for name in wheel_files}
    metadata = {name for name in top_level if name.endswith(".dist-info")}
    assert top_level - metadata == set(local_apps())


def test_the_compiled_catalogues_are_in_the_wheel_and_translate(wheel):
    with zipfile.ZipFile(wheel) as archive:
        for language, finnish in (("fi", "suomi"), ("sv", "finska")):
            mo = archive.read(f"intranet/locale/{language}/LC_MESSAGES/django.mo")
            assert gettext.GNUTranslations(io.BytesIO(mo)).gettext("Finnish") == finnish
        assert "intranet/locale/en/LC_MESSAGES/django.mo" in archive.namelist()
        # Every catalogue of the checkout is compiled in the wheel.
        for po in tracked_files("*.po"):
            assert str(Path(po).with_suffix(".mo")) in archive.namelist(), po


def test_the_wheel_has_the_intranet_command(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert "[console_scripts]" in text
    assert "intranet = intranet.manage:main" in text

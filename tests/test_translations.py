"""The Finnish and Swedish catalogues cover every string in the code, and the committed
compiled catalogues match them.

The catalogues are regenerated from the sources in a scratch copy (so the test never rewrites the
repository) with Django's makemessages, which needs GNU gettext.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import missing

ROOT = Path(__file__).resolve().parent.parent
# Every package of the product (a folder with an __init__.py, apps and plain packages such as files/):
# a new one is covered without editing this list.
SOURCE_DIRS = sorted(
    path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name not in {"tests", "bench"}
)
LANGUAGES = ["fi", "sv", "en"]
TRANSLATED = ["fi", "sv"]
LOCALE = Path("intranet") / "locale"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    if shutil.which("msgfmt") is None or shutil.which("xgettext") is None:
        missing("GNU gettext (msgfmt, xgettext) is not installed")
    scratch = tmp_path_factory.mktemp("i18n")
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", scratch / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intranet.settings", "INTRANET_VAR_DIR": str(scratch / "var")}
    env.pop("DATABASE_URL", None)
    for domain in ["django", "djangojs"]:
        command = [
            sys.executable,
            "manage.py",
            "makemessages",
            "--no-obsolete",
            "--domain",
            domain,
            *[f"--locale={language}" for language in LANGUAGES],
        ]
        subprocess.run(command, cwd=scratch, env=env, check=True, capture_output=True)
    return scratch


def catalogue_files(base: Path, language: str) -> list[Path]:
    return sorted((base / LOCALE / language / "LC_MESSAGES").glob("*.po"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated(regenerated, language):
    files = catalogue_files(regenerated, language)
    assert files, f"no {language} catalogue"
    for po in files:
        result = subprocess.run(
            ["msgfmt", "--statistics", "--check-format", "-o", os.devnull, str(po)],
            capture_output=True,
            text=True,
            check=True,
        )
        statistics = result.stderr
        assert "untranslated" not in statistics and "fuzzy" not in statistics, (
            f"{po.relative_to(regenerated)}: {statistics.strip()}; run `make messages` and translate"
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_catalogues_are_current_and_compiled(regenerated, language):
    for po in catalogue_files(regenerated, language):
        committed_po = ROOT / po.relative_to(regenerated)
        assert committed_po.exists(), f"{committed_po} is missing"
        assert _entries(committed_po) == _entries(po), f"{committed_po} is out of date: run `make messages`"
        compiled = po.with_suffix(".mo")
        subprocess.run(["msgfmt", "-o", str(compiled), str(po)], check=True)
        committed_mo = committed_po.with_suffix(".mo")
        assert committed_mo.exists(), f"{committed_mo} is missing: run `make messages`"
        assert _translations(committed_mo) == _translations(compiled), f"{committed_mo} is stale"


def _entries(po: Path) -> str:
    # Compare the messages, not the header's dates or the source locations.
    text = po.read_text()
    text = re.sub(r'^"POT-Creation-Date:.*\n', "", text, flags=re.MULTILINE)
    return re.sub(r"^#:.*\n", "", text, flags=re.MULTILINE)


def _translations(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)

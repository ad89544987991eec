"""The production install, done the way the Dockerfile does it (scripts/build_wheel.py, scripts/install.sh),
for tests that need the built wheel or a virtualenv with it installed from requirements.lock.

The virtualenv of the locked dependencies takes minutes to fill, so it is kept under var/cache/, one per
lock file content and Python version, and reused by every later session; the wheel is built once per
session and installed into it again (seconds). A test suite that runs the installed copy (the production
run) can use `production_virtualenv()` too, so the dependencies are installed once for both.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements.lock"
INSTALL = REPO / "scripts" / "install.sh"
CACHE = REPO / "var" / "cache" / "production-venv"


def build_wheel(out_dir: Path) -> Path:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_wheel.py"), "--out", str(out_dir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"the wheel does not build:\n{result.stdout}\n{result.stderr}"
    return Path(result.stdout.strip().splitlines()[-1])


def run_install_step(python: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess:
    """One step of scripts/install.sh with this interpreter, as the Dockerfile runs it."""
    env = {**os.environ, "PYTHON": str(python), **environment}
    # The checkout's own settings module must not shadow the installed one.
    env.pop("PYTHONPATH", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        ["bash", str(INSTALL), *arguments],
        env=env,
        cwd=python.parent,
        capture_output=True,
        text=True,
        timeout=1800,
    )


def locked_dependencies_virtualenv() -> Path:
    """A virtualenv with exactly requirements.lock installed (`install.sh dependencies`); its python."""
    key = hashlib.sha256(LOCK.read_bytes() + sys.version.encode()).hexdigest()[:16]
    root = CACHE / key
    python = root / "bin" / "python"
    if (root / ".complete").exists():
        return python
    shutil.rmtree(root, ignore_errors=True)
    venv.create(root, with_pip=True)
    result = run_install_step(python, "dependencies", str(LOCK))
    assert result.returncode == 0, f"requirements.lock does not install:\n{result.stdout}\n{result.stderr}"
    (root / ".complete").touch()
    # Older lock files' virtualenvs are of no further use.
    for other in CACHE.iterdir():
        if other != root:
            shutil.rmtree(other, ignore_errors=True)
    return python


def production_virtualenv(wheel: Path) -> Path:
    """The locked dependencies plus this wheel (`install.sh project`, which ends with `pip check`)."""
    python = locked_dependencies_virtualenv()
    result = run_install_step(python, "project", str(wheel))
    assert result.returncode == 0, f"the wheel does not install on the lock:\n{result.stdout}\n{result.stderr}"
    return python

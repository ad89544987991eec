"""Lint, format and types are part of the suite, so CI fails on them like on any other test: ruff's rules
and formatting over the whole repository, and mypy (with django-stubs) over the core layer, the services
and the queries (pyproject.toml says which). Each prints what to fix."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [("ruff", "check", "--no-fix", "."), ("ruff", "format", "--check", ".")],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff_is_clean(command):
    result = run(*command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr

#!/usr/bin/env python3
"""Build the project's wheel: `python scripts/build_wheel.py [--out DIR]` prints the wheel's path.

The production image (Dockerfile, first stage), `make wheel` and the tests build it this one way:
the source is copied to a scratch folder (the checkout is never written to), every translation
catalogue (.po) is compiled there with GNU gettext's msgfmt -- as Django's compilemessages does --
so the wheel's .mo files always match the .po files, then pip builds the wheel (setuptools, in an
isolated build environment). Standard library and pip only: any Python 3.11 with pip runs it.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Local state and caches: never part of a build.
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "var",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".cache",
    "node_modules",
    ".env",
)


def compile_catalogues(source: Path) -> int:
    catalogues = sorted(source.glob("*/locale/*/LC_MESSAGES/*.po"))
    for po in catalogues:
        subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    return len(catalogues)


def build(out_dir: Path, source: Path = REPO) -> Path:
    if shutil.which("msgfmt") is None:
        sys.exit("build_wheel: msgfmt not found: install GNU gettext (Debian: apt-get install gettext)")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="intranet-build-") as scratch:
        copy = Path(scratch) / "src"
        shutil.copytree(source, copy, ignore=IGNORED)
        if compile_catalogues(copy) == 0:
            sys.exit("build_wheel: no translation catalogue (*/locale/*/LC_MESSAGES/*.po) found")
        wheels = Path(scratch) / "wheels"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--wheel-dir",
                str(wheels),
                str(copy),
            ],
            check=True,
        )
        (built,) = wheels.glob("*.whl")
        target = out_dir / built.name
        shutil.copyfile(built, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="folder for the wheel (default: dist/)")
    arguments = parser.parse_args()
    print(build(arguments.out.resolve()))


if __name__ == "__main__":
    main()

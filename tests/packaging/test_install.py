"""The image's install and build steps, run for real without Docker: the Dockerfile calls only
scripts/build_wheel.py and scripts/install.sh, and these tests run the same steps into a virtualenv
(requirements.lock with hashes, then the wheel, then collectstatic with the production settings)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.packaging.install import REPO, run_install_step

DOCKERFILE = (REPO / "Dockerfile").read_text()


def run_steps() -> list[str]:
    """Each command of the Dockerfile's RUN instructions, in order."""
    text = re.sub(r"\\\n", " ", DOCKERFILE)
    commands = []
    for line in text.splitlines():
        if match := re.match(r"^RUN\s+(.*)$", line):
            commands += [part.strip() for part in match.group(1).split("&&")]
    return commands


def installed(python: Path, *arguments: str, var_dir: Path, **environment: str) -> subprocess.CompletedProcess:
    """`intranet ARGUMENTS` of the installed copy, from a folder outside the checkout."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"}
    }
    env.update({"INTRANET_VAR_DIR": str(var_dir), **environment})
    return subprocess.run(
        [str(python.parent / "intranet"), *arguments], cwd=var_dir, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_dockerfile_builds_and_installs_only_through_the_scripts():
    scripted = [command for command in run_steps() if "scripts/" in command or "install.sh" in command]
    assert scripted == [
        "python scripts/build_wheel.py --out /dist",
        "/opt/intranet/install.sh dependencies /opt/intranet/requirements.lock",
        "/opt/intranet/install.sh project /tmp/dist/*.whl",
        "/opt/intranet/install.sh static",
    ]
    assert "COPY requirements.lock scripts/install.sh /opt/intranet/" in DOCKERFILE
    # Every other RUN is the system's packages, the user, or moving files: no pip, no reading pyproject.
    for command in set(run_steps()) - set(scripted):
        assert re.match(r"^(apt-get|rm|groupadd|useradd|mkdir|chown) ", command), command
    assert "tomllib" not in DOCKERFILE


def test_the_image_installs_from_files_the_build_context_has():
    ignored = set((REPO / ".dockerignore").read_text().split())
    for needed in ("requirements.lock", "scripts", "pyproject.toml", "README.md"):
        assert needed not in ignored and (REPO / needed).exists()


def test_install_steps_refuse_what_they_cannot_do(tmp_path):
    assert run_install_step(Path(sys.executable), "project", str(tmp_path / "none.whl")).returncode == 2
    unknown = run_install_step(Path(sys.executable), "everything")
    assert unknown.returncode == 2 and "scripts/install.sh dependencies" in unknown.stderr


def test_a_tampered_lock_is_refused(tmp_path):
    # The hashes are checked: a file whose hash differs from the lock's does not install.
    lock = (REPO / "requirements.lock").read_text()
    # The lock's first pin alone (a library without dependencies), with its hashes changed.
    first = re.search(r"^[a-z][^\n]*==[^\n]*(\n    [^\n]*)*", lock, re.MULTILINE).group(0)
    tampered = tmp_path / "requirements.lock"
    tampered.write_text(re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64, first) + "\n")
    result = run_install_step(
        Path(sys.executable), "dependencies", str(tampered), PIP_DRY_RUN="1", PIP_IGNORE_INSTALLED="1"
    )
    assert result.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in result.stderr


def test_the_installed_wheel_runs_from_outside_the_checkout_with_its_translations(production_python, tmp_path):
    result = installed(
        production_python,
        "shell",
        "-c",
        (
            "import intranet, json; from django.utils import translation; translation.activate('fi');"
            "print(json.dumps([intranet.__file__, translation.gettext('Finnish')]))"
        ),
        var_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    location, finnish = json.loads(result.stdout.strip().splitlines()[-1])
    assert not Path(location).is_relative_to(REPO / "intranet"), location
    assert finnish == "suomi"


def test_the_installed_wheel_has_every_migration_its_models_need(production_python, tmp_path):
    result = installed(production_python, "makemigrations", "--check", "--dry-run", var_dir=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_collectstatic_with_the_production_settings_builds_hashed_compressed_files(production_python, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}}
    env["INTRANET_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "install.sh"), "static"],
        env={**env, "PYTHON": str(production_python)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr

    static = tmp_path / "static"
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    # Our own assets and the Wagtail admin's, each under a content hash, with a compressed copy.
    ours = [name for name in manifest if name.startswith("frontend/")]
    assert ours and any(name.startswith("wagtailadmin/") for name in manifest)
    for name in ours:
        hashed = static / manifest[name]
        assert hashed.exists() and re.search(r"\.[0-9a-f]{12}\.", hashed.name), name
    assert any((static / (manifest[name] + ".gz")).exists() for name in ours)
    # The pages' ES modules import each other by relative names, rewritten to the hashed files, so a
    # module shared by several (the page's one socket) is one file and one instance in the browser.
    entry = (static / manifest["messaging/conversation.js"]).read_text()
    live = manifest["frontend/live.js"].removeprefix("frontend/")
    assert f'from "../frontend/{live}";' in entry, entry[:2000]
    assert re.search(r'from "\./conversation/timeline\.[0-9a-f]{12}\.js";', entry), entry[:2000]


def test_the_checkout_has_every_migration_its_models_need(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=REPO,
        env={**env, "INTRANET_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"a model change has no migration:\n{result.stdout}{result.stderr}"

#!/usr/bin/env bash
# requirements.lock: every production dependency of pyproject.toml (not the dev extra), pinned with the
# hashes of every file PyPI has for that version, for any platform (uv's --universal), Python 3.11.
#   scripts/lock.sh [OUTPUT]       (make lock) keeps the versions already pinned in OUTPUT where
#                                  pyproject.toml still allows them, so only what changed moves
#   LOCK_UPGRADE=1 scripts/lock.sh (make lock-upgrade) the newest versions pyproject.toml allows
# PYTHON names an interpreter that has uv (the dev extra; default: .venv/bin/python).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-$repo/.venv/bin/python}"
output="${1:-$repo/requirements.lock}"
upgrade=()
[[ "${LOCK_UPGRADE:-}" == 1 ]] && upgrade=(--upgrade)

cd "$repo"
"$python" -m uv pip compile pyproject.toml --quiet --generate-hashes --universal --python-version 3.11 \
  --custom-compile-command "make lock" --output-file "$output" "${upgrade[@]}"

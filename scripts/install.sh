#!/usr/bin/env bash
# The production install, in the steps the Dockerfile runs (tests run the same steps into a virtualenv):
#   scripts/install.sh dependencies [LOCK]  every dependency from requirements.lock: exact versions, and pip
#                                           refuses a file whose hash differs or a dependency not in the lock
#   scripts/install.sh project WHEEL        the project's wheel (scripts/build_wheel.py), nothing resolved
#                                           again, then `pip check` proves the lock satisfies the wheel
#   scripts/install.sh static               collectstatic with the production settings into
#                                           $INTRANET_VAR_DIR/static (whitenoise's hashed, compressed files)
# PYTHON names the interpreter (default: python3 on PATH, or the virtualenv's python).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"
pip=("$python" -m pip --disable-pip-version-check)

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

step="${1:-}"
case "$step" in
  dependencies)
    lock="${2:-$here/../requirements.lock}"
    "${pip[@]}" install --quiet --require-hashes -r "$lock"
    ;;
  project)
    [[ -n "${2:-}" && -f "$2" ]] || { echo "install.sh project: no wheel at '${2:-}'" >&2; exit 2; }
    "${pip[@]}" install --quiet --no-deps --force-reinstall "$2"
    "${pip[@]}" check
    ;;
  static)
    # SECRET_KEY only lets the settings load: collectstatic signs nothing, and it is not kept.
    INTRANET_ENV=production DEBUG=false SECRET_KEY="${SECRET_KEY:-build-only}" \
      "$python" -m intranet.manage collectstatic --noinput --verbosity 0
    ;;
  *)
    usage
    ;;
esac

"""pg_dump and pg_restore against the configured PostgreSQL database."""

import glob
import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection

from intranet.ops.backup import BackupError


def tool(name: str) -> str:
    """$PG_BIN/<name>, else the newest /usr/lib/postgresql/*/bin/<name> (a client at least as new as the
    server), else the one on PATH."""
    if os.environ.get("PG_BIN"):
        candidates = [str(Path(os.environ["PG_BIN"]) / name)]
    else:
        candidates = sorted(
            glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
            key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
            reverse=True,
        )
        candidates.append(shutil.which(name) or "")
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(
        f"{name} was not found: install the PostgreSQL client (Debian postgresql-client) "
        f"or set PG_BIN to its directory."
    )


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL). With the embedded SQLite database, stop "
            "the intranet and copy the var/ folder instead."
        )


def _environment() -> dict[str, str]:
    db = connection.settings_dict
    environment = dict(os.environ)
    environment.update(
        {
            "PGHOST": db.get("HOST") or "",
            "PGPORT": str(db.get("PORT") or ""),
            "PGUSER": db.get("USER") or "",
            "PGDATABASE": db["NAME"],
        }
    )
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = db["PASSWORD"]
    return {name: value for name, value in environment.items() if value != ""}


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, env=_environment(), capture_output=True, text=True)  # noqa: S603 - our own pg_dump/pg_restore arguments
    if result.returncode != 0:
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}"
        raise BackupError(f"{what} failed: {reason}")


def dump(target: Path) -> None:
    # Custom format (compressed, restorable table by table); no owners or grants, so it restores into a
    # database owned by another role.
    _run([tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], "pg_dump")


def restore(source: Path, replace: bool) -> None:
    # One transaction: a restore that fails half-way leaves the database as it was.
    command = [
        tool("pg_restore"),
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)], "pg_restore")

"""What a backup says about itself, and whether this release may restore it."""

import json
from datetime import UTC, datetime
from importlib import metadata

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from intranet.ops.backup import BackupError

FORMAT = 1
NAME = "manifest.json"
PACKAGE = "municipal-intranet"


def app_version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "unknown"


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    # A squashed migration stands for the ones it replaces, which a database may have recorded.
    for migration in loader.disk_migrations.values():
        known |= {f"{app}.{name}" for app, name in migration.replaces}
    return known


def build(members: dict[str, dict]) -> bytes:
    manifest = {
        "format": FORMAT,
        "app": PACKAGE,
        "version": app_version(),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "migrations": applied_migrations(),
        "members": members,
    }
    return json.dumps(manifest, indent=1, sort_keys=True).encode()


def parse(data: bytes) -> dict:
    try:
        manifest = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise BackupError("The backup's manifest cannot be read: the file is damaged.") from None
    if not isinstance(manifest, dict) or manifest.get("app") != PACKAGE:
        raise BackupError("This file is not a backup of the intranet.")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"The backup has format {manifest.get('format')!r}; this release reads format {FORMAT}.")
    return manifest


def check_compatible(manifest: dict, allow_other_version: bool) -> None:
    unknown = sorted(set(manifest.get("migrations", [])) - known_migrations())
    if unknown:
        raise BackupError(
            f"The backup was made by release {manifest.get('version')} with {len(unknown)} migration(s) this "
            f"release ({app_version()}) does not know, e.g. {unknown[0]}: restore it with that release."
        )
    if manifest.get("version") != app_version() and not allow_other_version:
        raise BackupError(
            f"The backup was made by release {manifest.get('version')}, this is {app_version()}: restore it "
            f"with the release that made it, or pass --allow-other-version (then run `manage.py migrate`)."
        )

"""Making and restoring a backup. A restore checks everything first (the whole file, its release and
migrations, that the target is empty) and changes nothing when any check fails."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

from intranet.ops.backup import BackupError, archive, manifest, postgres


def media_folders() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def make_backup(target: Path) -> dict:
    postgres.require_postgresql()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        dump = Path(work) / archive.DATABASE
        postgres.dump(dump)
        return archive.write(target, dump, media_folders())


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _check_target(replace: bool) -> None:
    if replace:
        return
    tables = _tables()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} already has {len(tables)} tables: restore into an "
            f"empty database (createdb), or pass --replace to overwrite it."
        )
    for name, root in media_folders().items():
        if root.is_dir() and any(root.iterdir()):
            raise BackupError(
                f"The {name} folder {root} is not empty: restore into an empty folder, or pass "
                f"--replace to overwrite it."
            )


def _move_contents(staging: Path, root: Path, replace: bool) -> None:
    """Entry by entry into `root` (which may be a mount point, so it is never renamed itself)."""
    root.mkdir(parents=True, exist_ok=True)
    if replace:
        for entry in root.iterdir():
            if entry != staging:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in staging.iterdir():
        entry.rename(root / entry.name)
    staging.rmdir()


def restore_backup(source: Path, *, replace: bool = False, allow_other_version: bool = False) -> dict:
    postgres.require_postgresql()
    found = archive.verify(source)
    manifest.check_compatible(found, allow_other_version)
    _check_target(replace)
    postgres.tool("pg_restore")
    folders = media_folders()
    staging = {}
    for name, root in folders.items():
        # Inside the target folder: the same file system, so the final moves are renames.
        root.mkdir(parents=True, exist_ok=True)
        staging[name] = Path(tempfile.mkdtemp(dir=root, prefix=".restore-"))
    with tempfile.TemporaryDirectory(prefix="intranet-restore-") as work:
        dump = Path(work) / archive.DATABASE
        try:
            archive.extract(source, dump, staging)
            postgres.restore(dump, replace)
        except BaseException:
            for path in staging.values():
                shutil.rmtree(path, ignore_errors=True)
            raise
    for name, root in folders.items():
        _move_contents(staging[name], root, replace)
    connection.close()  # the restored schema, not what this connection cached
    return found

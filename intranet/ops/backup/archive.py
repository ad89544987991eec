"""The backup file: a tar of database.dump, media/..., private/... and, last, manifest.json with the
size and SHA-256 of every other member. A file cut short lacks its manifest or fails a checksum, so it is
refused before anything is restored."""

import hashlib
import io
import os
import tarfile
from pathlib import Path, PurePosixPath

from intranet.ops.backup import BackupError, manifest

DATABASE = "database.dump"
FOLDERS = ("media", "private")
CHUNK = 1024 * 1024


class _Hashing:
    """A file object that hashes what tarfile reads from it."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _add(archive: tarfile.TarFile, path: Path, name: str, members: dict) -> None:
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as file:
        hashing = _Hashing(file)
        archive.addfile(info, hashing)
    members[name] = {"size": info.size, "sha256": hashing.sha256.hexdigest()}


def write(target: Path, dump: Path, folders: dict[str, Path]) -> dict:
    """Write the backup to `target` (through a .partial file, so an interrupted run leaves no file that
    looks whole); returns the manifest's members."""
    partial = target.with_name(target.name + ".partial")
    members: dict[str, dict] = {}
    try:
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            _add(archive, dump, DATABASE, members)
            for prefix, root in folders.items():
                if not root.is_dir():
                    continue
                for path in sorted(root.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        _add(archive, path, f"{prefix}/{path.relative_to(root).as_posix()}", members)
            data = manifest.build(members)
            info = tarfile.TarInfo(manifest.NAME)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return members


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        return False
    return name in (DATABASE, manifest.NAME) or (len(path.parts) > 1 and path.parts[0] in FOLDERS)


def verify(source: Path) -> dict:
    """Read the whole file once: every member hashed and compared with the manifest. Returns it."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    found: dict[str, dict] = {}
    data = None
    try:
        with tarfile.open(source, "r:") as archive:
            for member in archive:
                if not member.isfile() or not _safe(member.name):
                    raise BackupError(f"The backup holds an unexpected entry {member.name!r}: refused.")
                stream = archive.extractfile(member)
                if member.name == manifest.NAME:
                    data = stream.read()
                    continue
                sha256 = hashlib.sha256()
                while chunk := stream.read(CHUNK):
                    sha256.update(chunk)
                found[member.name] = {"size": member.size, "sha256": sha256.hexdigest()}
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"The backup file is incomplete or damaged ({error}): nothing was restored.") from None
    if data is None:
        raise BackupError("The backup file is incomplete (it has no manifest): nothing was restored.")
    parsed = manifest.parse(data)
    if found != parsed.get("members") or DATABASE not in found:
        raise BackupError("The backup file's contents do not match its manifest: nothing was restored.")
    return parsed


def extract(source: Path, dump_target: Path, folders: dict[str, Path]) -> None:
    """Extract a verified backup: the dump to `dump_target`, each folder's files under its new root."""
    with tarfile.open(source, "r:") as archive:
        for member in archive:
            if member.name == manifest.NAME:
                continue
            if member.name == DATABASE:
                target = dump_target
            else:
                prefix, _, rest = member.name.partition("/")
                target = folders[prefix] / rest
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as stream, target.open("wb") as out:
                while chunk := stream.read(CHUNK):
                    out.write(chunk)

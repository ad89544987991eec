"""Fuzzing what the operations code reads from outside: backup files and the proxy's X-Request-ID."""

import hashlib
import io
import json
import tarfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intranet.ops import request_id
from intranet.ops.backup import BackupError, archive, manifest


def small_backup() -> bytes:
    files = {
        "database.dump": b"PGDMP" + bytes(range(200)),
        "media/profile-photos/a.jpg": b"\xff\xd8" * 300,
        "private/attachments/2026/12/minutes.pdf": b"%PDF-1.4\n%%EOF\n" * 20,
    }
    members = {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in files.items()}
    data = json.dumps(
        {
            "format": manifest.FORMAT,
            "app": manifest.PACKAGE,
            "version": "1",
            "created_at": "x",
            "migrations": [],
            "members": members,
        }
    ).encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as out:
        for name, content in [*files.items(), (manifest.NAME, data)]:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            out.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


BACKUP = small_backup()


def contents(path) -> dict:
    with tarfile.open(path) as source:
        return {
            member.name: hashlib.sha256(source.extractfile(member).read()).hexdigest()
            for member in source
            if member.name != manifest.NAME
        }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(0, len(BACKUP) - 1),
    flips=st.lists(st.tuples(st.integers(0, len(BACKUP) - 1), st.integers(1, 255)), max_size=3),
)
def test_a_damaged_backup_is_refused_with_a_message_or_read_exactly(tmp_path_factory, cut, flips):
    """Cut short or with flipped bytes: verify() refuses with a BackupError, never another exception, or
    (when only padding changed) returns a manifest whose checksums the contents really have."""
    data = bytearray(BACKUP)
    for position, mask in flips:
        data[position] ^= mask
    if cut < len(BACKUP) - 1024:  # the last 1 KiB is the tar's end-of-archive padding
        data = data[:cut]
    path = tmp_path_factory.mktemp("fuzz") / "backup.tar"
    path.write_bytes(bytes(data))
    try:
        found = archive.verify(path)
    except BackupError as error:
        assert str(error)
        return
    assert {name: member["sha256"] for name, member in found["members"].items()} == contents(path)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_a_request_id_from_the_proxy_is_kept_only_when_it_cannot_forge_a_log_line(header):
    chosen = request_id.from_header(header)
    assert request_id.ACCEPTED.fullmatch(chosen)
    assert (chosen == header) == bool(request_id.ACCEPTED.fullmatch(header))
    assert "\n" not in chosen and " " not in chosen and len(chosen) <= 128

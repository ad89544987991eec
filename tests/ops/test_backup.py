"""`manage.py backup` and `manage.py restore`, as an operator runs them: a populated database and its files
restored into a fresh database and fresh folders are found again through the pages; a damaged backup,
one of another release, or a target that is not empty is refused and changes nothing."""

import io
import json
import tarfile
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from feed import services as feed_services
from feed.models import Attachment, Post
from messaging import services as messaging
from messaging import uploads as message_uploads
from messaging.models import MessageAttachment
from people import photos
from people.models import Profile
from tests import factories
from tests.ops.helpers import fresh_database, manage, shared_database_url

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n% minutes of the water board\n%%EOF\n"


def png_bytes(colour="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def populate():
    """People, a photo, a group post with a file, a direct message with a file."""
    alice = factories.person("Aino", "Vesilahti", key="aino", title="Vesihuoltoinsinööri")
    bob = factories.person("Bertil", "Holmström", key="bertil")
    group = factories.group("vesi", "Vesihuolto", members={alice: "member", bob: "member"})
    photos.set_photo(alice, Profile.objects.get(key="aino"), SimpleUploadedFile("me.png", png_bytes()))
    post = feed_services.create_post(
        alice, group, "Pumppaamon saneeraus alkaa maanantaina", files=[SimpleUploadedFile("poytakirja.pdf", PDF)]
    )
    conversation = messaging.start_direct(alice, bob)
    uploaded = message_uploads.upload(alice, conversation.pk, SimpleUploadedFile("kartta.png", png_bytes("blue")))
    message, _created = messaging.send_message(
        alice, conversation.pk, "backup-1", "Tässä kartta kaivoista", attachments=[uploaded.pk]
    )
    return {
        "post": post.pk,
        "conversation": conversation.pk,
        "post_file": Attachment.objects.get(post=post).pk,
        "message_file": MessageAttachment.objects.get(message=message).pk,
    }


@pytest.fixture
def folders(settings, tmp_path):
    source = {"MEDIA_ROOT": tmp_path / "media", "PRIVATE_MEDIA_ROOT": tmp_path / "private"}
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = source["MEDIA_ROOT"], source["PRIVATE_MEDIA_ROOT"]
    return {name: str(path) for name, path in source.items()}


def backup(tmp_path, folders) -> str:
    target = tmp_path / "intranet.tar"
    result = manage(
        "backup",
        "--output",
        str(target),
        DATABASE_URL=shared_database_url(),
        INTRANET_VAR_DIR=str(tmp_path / "var"),
        **folders,
    )
    assert result.returncode == 0, result.stderr
    assert "Backup written to" in result.stdout
    return str(target)


@contextmanager
def reading_from(database_url: str, settings, media: str, private: str):
    """This test process's pages and queries, pointed at another database and folders."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = database_url.rsplit("/", 1)[1]
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = media, private
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def tables_of(database_url: str) -> int:
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=database_url.rsplit("/", 1)[1],
    ) as other:
        return other.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]


def test_a_restore_into_a_fresh_database_finds_the_same_people_posts_messages_and_files(tmp_path, folders, settings):
    ids = populate()
    photo = Profile.objects.get(key="aino").photo.read()
    file = backup(tmp_path, folders)

    with fresh_database() as fresh:
        media, private = tmp_path / "restored-media", tmp_path / "restored-private"
        result = manage(
            "restore",
            file,
            DATABASE_URL=fresh,
            MEDIA_ROOT=str(media),
            PRIVATE_MEDIA_ROOT=str(private),
            INTRANET_VAR_DIR=str(tmp_path / "var"),
        )
        assert result.returncode == 0, result.stderr
        assert "Restored the backup" in result.stdout

        with reading_from(fresh, settings, str(media), str(private)):
            client = Client()
            client.force_login(Profile.objects.get(key="bertil").user)
            profile = client.get(reverse("people:profile", args=["aino"]))
            assert profile.status_code == 200 and "Vesihuoltoinsinööri" in profile.content.decode()
            found = client.get(reverse("search:people"), {"q": "Vesilahti"})
            assert found.status_code == 200 and "Aino Vesilahti" in found.content.decode()
            post = client.get(reverse("feed:detail", args=[ids["post"]]))
            assert post.status_code == 200 and "Pumppaamon saneeraus" in post.content.decode()
            pdf = client.get(reverse("feed:attachment", args=[ids["post_file"]]))
            assert pdf.status_code == 200 and b"".join(pdf.streaming_content) == PDF
            chat = client.get(reverse("messaging:conversation", args=[ids["conversation"]]))
            assert chat.status_code == 200 and "Tässä kartta kaivoista" in chat.content.decode()
            picture = client.get(reverse("messaging:attachment", args=[ids["message_file"]]))
            assert picture.status_code == 200 and b"".join(picture.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
            assert Profile.objects.get(key="aino").photo.read() == photo


def rewritten(file: str, target, **changes) -> str:
    """The same backup with its manifest changed (as a backup of another release would have it)."""
    with tarfile.open(file) as source, tarfile.open(target, "w") as out:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                for key, value in changes.items():
                    manifest[key] = value(manifest[key]) if callable(value) else value
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return str(target)


def test_a_damaged_backup_or_one_of_another_release_changes_nothing(tmp_path, folders):
    populate()
    file = backup(tmp_path, folders)
    whole = (tmp_path / "intranet.tar").read_bytes()
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(whole[: len(whole) * 2 // 3])
    corrupted = tmp_path / "corrupted.tar"
    corrupted.write_bytes(whole[:2048] + bytes(b ^ 0xFF for b in whole[2048:2100]) + whole[2100:])
    newer = rewritten(file, tmp_path / "newer.tar", migrations=lambda applied: [*applied, "people.9999_future"])
    older = rewritten(file, tmp_path / "older.tar", version="0.0.1")

    cases = [
        (str(truncated), "The backup file is incomplete"),
        (str(corrupted), "nothing was restored"),
        (newer, "does not know, e.g. people.9999_future: restore it with that release."),
        (older, "The backup was made by release 0.0.1"),
        (str(tmp_path / "absent.tar"), "does not exist."),
    ]
    with fresh_database() as fresh:
        media, private = tmp_path / "target-media", tmp_path / "target-private"

        # Profile photos and attachments live in private media, content images in media.
        def files_in_targets():
            return any(any(folder.iterdir()) for folder in (media, private) if folder.exists())

        for path, message in cases:
            result = manage(
                "restore",
                path,
                DATABASE_URL=fresh,
                MEDIA_ROOT=str(media),
                PRIVATE_MEDIA_ROOT=str(private),
                INTRANET_VAR_DIR=str(tmp_path / "v"),
            )
            assert result.returncode == 1, result.stdout
            assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
            assert tables_of(fresh) == 0, f"{path} changed the database"
            assert not files_in_targets(), f"{path} wrote files"

        # An older release's backup, when the operator asks for it: restored, then migrate and reindex.
        result = manage(
            "restore",
            older,
            "--allow-other-version",
            DATABASE_URL=fresh,
            MEDIA_ROOT=str(media),
            PRIVATE_MEDIA_ROOT=str(private),
            INTRANET_VAR_DIR=str(tmp_path / "v"),
        )
        assert result.returncode == 0, result.stderr
        assert "Now run `manage.py migrate`, then `manage.py search_reindex`." in result.stdout
        assert tables_of(fresh) > 0 and files_in_targets()


def test_a_restore_over_a_database_in_use_is_refused(tmp_path, folders):
    ids = populate()
    file = backup(tmp_path, folders)
    result = manage(
        "restore", file, DATABASE_URL=shared_database_url(), INTRANET_VAR_DIR=str(tmp_path / "var"), **folders
    )
    assert result.returncode == 1
    assert "already has" in result.stderr and "--replace" in result.stderr
    assert Post.objects.filter(pk=ids["post"]).exists()

"""Attachments: type checked by content, size limited, served only to readers, never under /media/."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from feed.models import Attachment, Post
from tests.groups import scene as scenes

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return scenes.build()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, who, scene, files):
    client.force_login(scene[who])
    return client.post(reverse("groups:detail", args=["hanke"]), {"body": "Liitteitä", "attachments": files})


def test_a_real_image_is_kept_and_served_to_readers_only(client, scene, settings):
    response = upload(client, "member", scene, [SimpleUploadedFile("kuva.gif", png_bytes(), "image/gif")])
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.name == "kuva.png"
    assert str(settings.MEDIA_ROOT) not in attachment.file.path

    url = reverse("feed:attachment", args=[attachment.pk])
    client.force_login(scene["guest"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["X-Content-Type-Options"] == "nosniff"
    for who in ["other_guest", "other_staff"]:
        client.force_login(scene[who])
        assert client.get(url).status_code == 404, who
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(("name", "content", "message"), [
    ("raportti.pdf", b"MZ\x90\x00" + b"\x00" * 200, "is not a file type we accept"),
    ("skripti.txt", b"\x00\x01binary\x00", "is not a file type we accept"),
    ("iso.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), "is too large"),
])
def test_mistyped_or_oversized_files_are_refused_and_nothing_is_posted(client, scene, settings, name, content,
                                                                       message):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = upload(client, "member", scene, [SimpleUploadedFile(name, content)])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_plain_text_and_pdf_are_accepted(client, scene):
    upload(client, "member", scene, [SimpleUploadedFile("muistio.txt", "Hei, tässä muistio.".encode()),
                                     SimpleUploadedFile("liite", b"%PDF-1.4\n%%EOF\n")])
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == ["application/pdf", "text/plain"]

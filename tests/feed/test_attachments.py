"""Attachments: type checked by content, size limited, served only to readers, never under /media/."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from feed.models import Attachment, Post
from tests.groups import scene as scenes
from tests.pages import body

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


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("raportti.pdf", b"MZ\x90\x00" + b"\x00" * 200, "is not a file type we accept"),
        ("skripti.txt", b"\x00\x01binary\x00", "is not a file type we accept"),
        ("iso.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), "is too large"),
    ],
)
def test_mistyped_or_oversized_files_are_refused_and_nothing_is_posted(client, scene, settings, name, content, message):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = upload(client, "member", scene, [SimpleUploadedFile(name, content)])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_plain_text_and_pdf_are_accepted(client, scene):
    upload(
        client,
        "member",
        scene,
        [
            SimpleUploadedFile("muistio.txt", "Hei, tässä muistio.".encode()),
            SimpleUploadedFile("liite", b"%PDF-1.4\n%%EOF\n"),
        ],
    )
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == ["application/pdf", "text/plain"]


def image_bytes(size=(1200, 900), mode="RGBA", format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (0, 128, 0, 128) if mode == "RGBA" else "green").save(buffer, format=format)
    return buffer.getvalue()


def test_images_get_cached_previews_served_to_readers_only(client, scene, settings):
    upload(
        client,
        "member",
        scene,
        [
            SimpleUploadedFile("kokous_kuva-2026.png", image_bytes()),
            SimpleUploadedFile("poytakirja.pdf", b"%PDF-1.4\n%%EOF\n"),
        ],
    )
    image = Attachment.objects.get(content_type="image/png")
    pdf = Attachment.objects.get(content_type="application/pdf")
    preview_url = reverse("feed:attachment_preview", args=[image.pk])

    page = body(client.get(reverse("feed:detail", args=[image.post_id])))
    assert f'<img src="{preview_url}" alt="kokous kuva 2026"' in page
    assert "poytakirja.pdf" in page and "PDF document, 15" in page, "type, name and size for other files"
    assert reverse("feed:attachment_preview", args=[pdf.pk]) not in page

    client.force_login(scene["guest"])
    response = client.get(preview_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    preview = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert preview.format == "JPEG" and preview.size == (480, 360)
    [cached] = (settings.PRIVATE_MEDIA_ROOT / "previews").iterdir()
    made_at = cached.stat().st_mtime_ns
    assert client.get(preview_url).status_code == 200
    assert cached.stat().st_mtime_ns == made_at, "the preview is made once and kept"
    assert str(settings.MEDIA_ROOT) not in str(cached)

    # A file that is not an image has no preview.
    assert client.get(reverse("feed:attachment_preview", args=[pdf.pk])).status_code == 404
    # Whoever may not read the post gets 404 for the preview too; without a session, the login page.
    for who in ["other_guest", "other_staff"]:
        client.force_login(scene[who])
        assert client.get(preview_url).status_code == 404, who
    client.logout()
    assert client.get(preview_url).status_code == 302
    client.force_login(scene["deactivated"])
    assert client.get(preview_url).status_code == 302

    # Deleting the post deletes the preview with the file.
    client.force_login(scene["member"])
    client.post(reverse("feed:delete", args=[image.post_id]))
    assert not Attachment.objects.exists()
    assert not any((settings.PRIVATE_MEDIA_ROOT / "previews").iterdir())


def test_an_image_too_large_to_decode_safely_gets_no_preview(client, scene, monkeypatch):
    from files import previews

    monkeypatch.setattr(previews, "MAX_PIXELS", 100)
    upload(client, "member", scene, [SimpleUploadedFile("valtava.png", image_bytes((20, 20), "RGB"))])
    image = Attachment.objects.get()
    assert client.get(reverse("feed:attachment_preview", args=[image.pk])).status_code == 404
    # The file itself is still there to download.
    assert client.get(reverse("feed:attachment", args=[image.pk])).status_code == 200

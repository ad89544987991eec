"""Profile photos are kept outside the public media folder and served only through a view that answers
exactly the viewers the profile page shows the photo to."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from people.models import Profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 600), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def with_photo(client, net, folders):
    client.force_login(net["owner"])
    assert client.post(reverse("people:photo"), {"photo": SimpleUploadedFile("me.png", png())}).status_code == 302
    client.logout()
    return net


def photo_src(client, key) -> str | None:
    response = client.get(reverse("people:profile", args=[key]))
    assert response.status_code == 200
    page = response.content.decode()
    if 'class="profile-photo"' not in page:
        return None
    return page.split('class="profile-photo" src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_the_photo_is_stored_privately_and_served_to_colleagues_only_through_the_view(client, with_photo, folders):
    public, private = folders
    profile = with_photo["owner"].profile
    profile.refresh_from_db()
    assert (private / profile.photo.name).is_file()
    assert not public.exists() or not any(public.rglob("*.jpg"))  # nothing for a proxy to hand out
    for who in ("owner", "same", "coop"):
        client.force_login(with_photo[who])
        src = photo_src(client, profile.key)
        assert src is not None and src.startswith(reverse("people:photo_file", args=[profile.key]))
        response = client.get(src)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
            assert image.format == "JPEG"
    client.force_login(with_photo["owner"])
    page = client.get(reverse("people:edit")).content.decode()
    assert f'src="{reverse("people:photo_file", args=[profile.key])}?v=' in page


def test_viewers_the_page_does_not_show_the_photo_to_get_404_from_its_address(client, with_photo):
    profile = with_photo["owner"].profile
    url = reverse("people:photo_file", args=[profile.key])
    client.force_login(with_photo["guest"])  # guests never see photos
    assert photo_src(client, profile.key) is None
    assert client.get(url).status_code == 404
    Profile.objects.filter(pk=profile.pk).update(field_visibility={"photo": "organisation"})
    profile.refresh_from_db()
    client.force_login(with_photo["coop"])
    assert photo_src(client, profile.key) is None
    assert client.get(url).status_code == 404
    client.force_login(with_photo["same"])
    assert client.get(url).status_code == 200
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # The old public address is gone with the file.
    client.force_login(with_photo["guest"])
    assert client.get(f"/media/{profile.photo.name}").status_code == 404


def test_a_person_without_a_photo_has_no_photo_address(client, net, folders):
    client.force_login(net["same"])
    assert client.get(reverse("people:photo_file", args=[net["coop"].profile.key])).status_code == 404


def test_the_migration_moves_existing_photos_out_of_the_public_folder(net, folders):
    public, private = folders
    (public / "profile-photos").mkdir(parents=True)
    (public / "profile-photos" / "aino-1234abcd.jpg").write_bytes(b"jpeg")
    Profile.objects.filter(pk=net["owner"].profile.pk).update(photo="profile-photos/aino-1234abcd.jpg")
    migration = importlib.import_module("people.migrations.0006_private_profile_photos")
    migration.to_private(apps, None)
    assert (private / "profile-photos" / "aino-1234abcd.jpg").read_bytes() == b"jpeg"
    assert not (public / "profile-photos" / "aino-1234abcd.jpg").exists()
    migration.to_private(apps, None)  # a second run finds nothing left to move
    assert (private / "profile-photos" / "aino-1234abcd.jpg").is_file()

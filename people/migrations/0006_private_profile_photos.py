"""Profile photos move from the public media folder (MEDIA_ROOT, served by the proxy to anyone with the
URL) to PRIVATE_MEDIA_ROOT, served only through a view that checks who may see them."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import people.models.profiles


def _roots():
    public = Path(settings.MEDIA_ROOT)
    private = Path(getattr(settings, "PRIVATE_MEDIA_ROOT", None) or public.parent / "private")
    return public, private


def _move(apps, source_root: Path, target_root: Path):
    Profile = apps.get_model("people", "Profile")
    for name in Profile.objects.exclude(photo="").values_list("photo", flat=True).iterator():
        source, target = source_root / name, target_root / name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)


def to_private(apps, schema_editor):
    public, private = _roots()
    _move(apps, public, private)


def to_public(apps, schema_editor):
    public, private = _roots()
    _move(apps, private, public)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_contact_match_keys")]

    operations = [
        migrations.AlterField(
            model_name="profile",
            name="photo",
            field=models.ImageField(blank=True, storage=people.models.profiles.photo_storage,
                                    upload_to="profile-photos/", verbose_name="photo"),
        ),
        migrations.RunPython(to_private, to_public, elidable=True),
    ]

"""Profile photos: the type is checked from the content (not the name), the size is limited, and the
stored image is re-encoded and resized, which also drops any metadata the camera wrote."""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core import audit
from people.models import Profile

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
SIDE = 400


def _resized_jpeg(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in ACCEPTED_FORMATS:
            raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."))
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."))
            image = image.convert("RGB")
            image.thumbnail((SIDE, SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not an image we can read (JPEG, PNG or WebP).")) from None


def set_photo(actor, profile: Profile, upload) -> None:
    if actor.pk != profile.user_id and not actor.is_superuser:
        raise ValidationError(_("Only the person can change their photo."))
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is too large: at most 5 MB."))
    data = _resized_jpeg(upload.read())
    old = profile.photo.name if profile.photo else ""
    with transaction.atomic():
        profile.photo.save(f"{profile.key}-{secrets.token_hex(4)}.jpg", ContentFile(data), save=True)
        audit.record(actor, "profile.photo", profile)
    if old:
        transaction.on_commit(lambda: profile.photo.storage.delete(old))


def remove_photo(actor, profile: Profile) -> None:
    if not profile.photo:
        return
    old = profile.photo.name
    with transaction.atomic():
        profile.photo = ""
        profile.save(update_fields=["photo", "updated_at"])
        audit.record(actor, "profile.photo_remove", profile)
    transaction.on_commit(lambda: profile.photo.storage.delete(old))

"""Small previews of image attachments, made with Pillow on first request and kept next to the
attachments (private storage): they are served only through the view that checks the reader."""

import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

from PIL import Image, ImageOps, UnidentifiedImageError

from files.attachments import storage


class StoredFile(Protocol):
    """An attachment of a post or a message: what a preview needs of it."""

    pk: int
    content_type: str
    file: Any


logger = logging.getLogger(__name__)

PREVIEW_SIZE = (480, 360)
# Refuse to decode anything larger: a small file can expand into gigabytes of pixels.
MAX_PIXELS = 40_000_000
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def has_preview(attachment: StoredFile) -> bool:
    return attachment.content_type in IMAGE_TYPES


def _preview_name(attachment: StoredFile, folder: str) -> str:
    return f"{folder}/{attachment.pk}-{PREVIEW_SIZE[0]}.jpg"


def preview_path(attachment: StoredFile, folder: str = "previews") -> str | None:
    """The cached JPEG preview's path, made now if missing; None if the image cannot be previewed.

    Any model with `pk`, `content_type` and `file` works (message attachments too); each model keeps
    its previews in its own `folder`, as their ids overlap."""
    if not has_preview(attachment):
        return None
    files = storage()
    target = Path(files.path(_preview_name(attachment, folder)))
    if target.exists():
        return str(target)
    try:
        with attachment.file.open("rb") as source, Image.open(source) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                return None
            opened.draft("RGB", PREVIEW_SIZE)  # JPEG: decode at a reduced size, much faster
            image: Image.Image = ImageOps.exif_transpose(opened)
            image.thumbnail(PREVIEW_SIZE)
            if image.mode != "RGB":
                # Transparent parts on white, as the page shows them.
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed, so a reader never gets half a file.
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
            with os.fdopen(handle, "wb") as out:
                image.save(out, format="JPEG", quality=82, optimize=True)
            os.replace(temporary, target)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        logger.warning("No preview for attachment %s", attachment.pk, exc_info=True)
        return None
    return str(target)


def delete_preview(attachment: StoredFile, folder: str = "previews") -> None:
    files = storage()
    name = _preview_name(attachment, folder)
    if files.exists(name):
        files.delete(name)

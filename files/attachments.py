"""Attachment files: checked by their content (not their name), size limited, stored
outside the public media folder (in production the proxy serves /media/ to anyone)."""

from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a partner and a colleague can open safely; detected from the bytes.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
TEXT_EXTENSIONS = {"txt": "text/plain", "csv": "text/csv", "md": "text/markdown"}
# What the reader is told a file is, next to its name and size.
TYPE_LABELS = {
    "application/pdf": gettext_lazy("PDF document"),
    "image/png": gettext_lazy("PNG image"),
    "image/jpeg": gettext_lazy("JPEG image"),
    "image/gif": gettext_lazy("GIF image"),
    "image/webp": gettext_lazy("WebP image"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": gettext_lazy("Word document"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": gettext_lazy("Excel spreadsheet"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": gettext_lazy(
        "PowerPoint presentation"
    ),
    "application/vnd.oasis.opendocument.text": gettext_lazy("OpenDocument text"),
    "application/vnd.oasis.opendocument.spreadsheet": gettext_lazy("OpenDocument spreadsheet"),
    "text/plain": gettext_lazy("Text file"),
    "text/csv": gettext_lazy("CSV table"),
    "text/markdown": gettext_lazy("Markdown text"),
}


def type_label(content_type: str):
    return TYPE_LABELS.get(content_type, gettext_lazy("File"))


def alt_text(name: str) -> str:
    """A file name read as words ("kokous_2026-11.png" -> "kokous 2026 11"): the best we know
    about an image nobody captioned."""
    words = Path(name).stem.replace("_", " ").replace("-", " ").replace(".", " ")
    return " ".join(words.split()) or name


MAX_FILES = 5


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def storage() -> FileSystemStorage:
    root = getattr(settings, "PRIVATE_MEDIA_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "private"
    return FileSystemStorage(location=root, base_url=None)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def check(upload) -> tuple[str, str]:
    """The file's real content type and a safe name, or ValidationError with a message."""
    name = Path(upload.name or "file").name[:150]
    if upload.size > max_bytes():
        raise ValidationError(
            _("%(name)s is too large (at most %(max)d MB).") % {"name": name, "max": max_bytes() // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in ALLOWED_TYPES:
        stem = Path(name).stem or "file"
        return kind.mime, f"{stem}.{ALLOWED_TYPES[kind.mime]}"
    extension = Path(name).suffix.lower().lstrip(".")
    if kind is None and extension in TEXT_EXTENSIONS and _looks_like_text(head):
        return TEXT_EXTENSIONS[extension], name
    raise ValidationError(
        _("%(name)s is not a file type we accept (PDF, images, Office documents, text).") % {"name": name}
    )

"""Private media: files outside the public media folder (in production the proxy serves /media/ to
anyone), handed out only by views that check the reader."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, read from the settings on each use (tests point it elsewhere)."""

    @property
    def base_location(self):
        return str(getattr(settings, "PRIVATE_MEDIA_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

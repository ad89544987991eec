from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    """No models of its own: the app makes the shared file handling an installed part of the product."""

    name = "files"
    verbose_name = _("Files")

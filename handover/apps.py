from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    """A workflow over people, groups and feed: it sits above them and calls their services."""

    name = "handover"
    verbose_name = _("Handover")

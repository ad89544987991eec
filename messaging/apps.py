from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from frontend import header


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messaging")

    def ready(self):
        from messaging import signals  # noqa: F401 - connects the receivers

        header.add_nav_item("messaging/_nav_item.html", order=30)
        header.add_script("messaging/_live_header.html")

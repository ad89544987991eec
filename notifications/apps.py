from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from frontend import header


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications import subscribers

        subscribers.connect()  # the feed's, groups' and people's events (docs/architecture.md)
        header.add_nav_item("notifications/_header_nav_item.html", order=60)

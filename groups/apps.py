from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from frontend import header


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Groups")

    def ready(self):
        from groups import signals

        header.add_nav_item("groups/_nav_item.html", order=20)
        signals.connect()

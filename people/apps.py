from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from frontend import header


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisations")

    def ready(self):
        from people import signals

        header.add_nav_item("people/_nav_item.html", order=50)
        signals.connect()

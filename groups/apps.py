from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from frontend import header


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Groups")

    def ready(self):
        from groups import queries, signals
        from people import spaces

        header.add_nav_item("groups/_nav_item.html", order=20)
        signals.connect()
        # People's visibility rule (guests see the members of their groups) reads memberships through this.
        spaces.use_shared_spaces(queries.co_member_ids)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    name = "intranet"
    verbose_name = _("Intranet")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from intranet.sites import update_sites

        # After the sites app's tables exist; before its own default "example.com" row would be made.
        post_migrate.connect(
            update_sites, sender=apps.get_app_config("sites"), dispatch_uid="intranet.sites.update_sites"
        )

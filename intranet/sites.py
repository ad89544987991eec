"""The service's name and address in the database, from BASE_URL and SITE_NAME, at every migrate.

allauth's emails (password reset, invitations to sign in) greet with the Sites framework's site name
and end with its domain -- "example.com" until someone changes the row -- and Wagtail builds its pages'
full URLs from its default site's hostname and port. Both are set from the settings after each
`migrate`, so a deployment that changes BASE_URL or SITE_NAME only needs the migrate it runs anyway.
"""

from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import connections

DEFAULT_PORTS = {"http": 80, "https": 443}


def service_address() -> tuple[str, str, int]:
    """(scheme, host, port) of BASE_URL; a clear error when it is not an absolute http(s) URL."""
    parts = urlsplit(settings.BASE_URL)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or port == -1:
        raise ImproperlyConfigured(
            f"BASE_URL must be the service's address such as https://intranet.example.fi, not {settings.BASE_URL!r}"
        )
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def site_domain() -> str:
    scheme, host, port = service_address()
    return host if port == DEFAULT_PORTS[scheme] else f"{host}:{port}"


def update_sites(sender, using="default", apps=global_apps, **kwargs) -> None:
    """post_migrate handler (sender: the sites app): Django's site and Wagtail's default site.

    `flush` (and so every transactional test) sends post_migrate without `apps`: the real models then.
    """
    apps = apps or global_apps
    Site = apps.get_model("sites", "Site")
    domain = site_domain()
    _, created = Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )
    if created:
        # An explicit primary key leaves PostgreSQL's sequence behind: reset it, as Django's own
        # default site does.
        commands = connections[using].ops.sequence_reset_sql(no_style(), [Site])
        with connections[using].cursor() as cursor:
            for command in commands:
                cursor.execute(command)
    # The historical model does not clear the framework's per-process cache; the real one does.
    from django.contrib.sites.models import SITE_CACHE

    SITE_CACHE.clear()
    try:
        WagtailSite = apps.get_model("wagtailcore", "Site")
    except LookupError:  # wagtail not migrated yet in this plan
        return
    _, host, port = service_address()
    WagtailSite.objects.using(using).filter(is_default_site=True).update(
        hostname=host, port=port, site_name=settings.SITE_NAME
    )
    # Wagtail keeps the sites' root URLs in the cache, cleared on save(), which update() does not call.
    from wagtail.models import Site as CurrentWagtailSite

    CurrentWagtailSite.clear_site_root_paths_cache()

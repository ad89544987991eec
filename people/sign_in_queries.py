"""Which sign-in service belongs to whom: the organisation behind a provider, and the provider of an
address (home-realm discovery). Providers come from the database (allauth's SocialApp with an
IdentityProvider row); the one configured by environment variables has no organisation."""

from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django.conf import settings

from people.models import IdentityProvider, Organisation


def provider_config(provider_id: str) -> IdentityProvider | None:
    """The organisation's settings of the provider allauth knows as `provider_id` (a SocialAccount's
    `provider`), or None for a provider that is not tied to an organisation."""
    return (
        IdentityProvider.objects.select_related("app", "organisation")
        .filter(app__provider_id=provider_id, app__sites__id=settings.SITE_ID)
        .first()
    )


def is_database_app(provider_id: str) -> bool:
    """Whether allauth knows the provider from the database (an administrator's sign-in service) rather
    than from the environment. One without an organisation's settings is refused, never treated as the
    environment's provider (its settings were deleted, or never saved through the admin)."""
    return SocialApp.objects.filter(provider_id=provider_id, sites__id=settings.SITE_ID).exists()


def home_organisation_of_address(email: str) -> Organisation | None:
    """The home organisation one of whose email domains the address is in."""
    if "@" not in email:
        return None
    for organisation in Organisation.objects.filter(is_home=True).exclude(email_domains=[]):
        if organisation.owns_address(email):
            return organisation
    return None


def provider_for_address(email: str) -> IdentityProvider | None:
    """Home-realm discovery: the sign-in service of the organisation whose domain the address is in."""
    organisation = home_organisation_of_address(email)
    if organisation is None:
        return None
    return (
        IdentityProvider.objects.select_related("app")
        .filter(organisation=organisation, app__sites__id=settings.SITE_ID)
        .order_by("app__name", "pk")
        .first()
    )


def all_providers():
    return IdentityProvider.objects.select_related("app", "organisation")


def provider_origins() -> list[str]:
    """The origins (scheme://host[:port]) of every OpenID Connect provider's issuer, database and
    environment alike: the login page's forms lead there, so its form-action policy must allow them."""
    servers = [
        (app.settings or {}).get("server_url", "")
        for app in SocialApp.objects.filter(provider="openid_connect", sites__id=settings.SITE_ID)
    ]
    servers += [
        (app.get("settings") or {}).get("server_url", "")
        for app in settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    ]
    origins = {f"{part.scheme}://{part.netloc}" for part in map(urlsplit, servers) if part.scheme and part.netloc}
    return sorted(origins)

"""Writes of single sign-on: an organisation's sign-in service (allauth's SocialApp and its
IdentityProvider row in one transaction, from the admin) and the account made at a first sign-in.
Each validates, writes in one transaction and records an audit entry."""

from dataclasses import dataclass

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from people.models import IdentityProvider, Organisation, Profile, Unit, User
from people.reserved_keys import unique_key

CLAIM_FIELDS = ("claim_email_verified", "claim_first_name", "claim_last_name", "claim_title", "claim_unit")


@dataclass(frozen=True)
class ProviderSettings:
    name: str
    provider_id: str
    server_url: str
    client_id: str
    secret: str  # empty on an edit: keep the stored one
    organisation: Organisation
    email_domains: list[str]
    create_accounts: bool
    claims: dict[str, str]


def check_provider(provider: IdentityProvider | None, data: ProviderSettings) -> None:
    """What save_provider refuses, for the admin form to show on its fields first."""
    if not data.organisation.is_home:
        raise ValidationError({"organisation": _("Only a home organisation's staff sign in through a provider.")})
    if provider is None and not data.secret:
        raise ValidationError({"secret": _("Give the client secret the provider issued.")})
    taken = SocialApp.objects.filter(provider_id=data.provider_id)
    if provider is not None:
        taken = taken.exclude(pk=provider.app_id)
    if taken.exists() or data.provider_id in {a.get("provider_id") for a in _configured_apps()}:
        raise ValidationError({"provider_id": _("Another provider has this id already.")})


def save_provider(actor, provider: IdentityProvider | None, data: ProviderSettings) -> IdentityProvider:
    """Create or change an OpenID Connect sign-in service of a home organisation."""
    check_provider(provider, data)
    with transaction.atomic():
        app = provider.app if provider is not None else SocialApp(provider="openid_connect")
        app.provider_id = data.provider_id
        app.name = data.name
        app.client_id = data.client_id
        if data.secret:
            app.secret = data.secret
        app.settings = {**(app.settings or {}), "server_url": data.server_url}
        app.save()
        app.sites.add(Site.objects.get(pk=settings.SITE_ID))
        provider = provider or IdentityProvider(app=app)
        provider.organisation = data.organisation
        provider.create_accounts = data.create_accounts
        for name in CLAIM_FIELDS:
            setattr(provider, name, data.claims.get(name, ""))
        provider.save()
        organisation = Organisation.objects.select_for_update().get(pk=data.organisation.pk)
        domains = sorted({domain.strip().lower() for domain in data.email_domains if domain.strip()})
        if organisation.email_domains != domains:
            organisation.email_domains = domains
            organisation.save(update_fields=["email_domains"])
        audit.record(
            actor,
            "sign_in.provider.saved",
            provider,
            provider_id=app.provider_id,
            organisation=organisation.key,
            email_domains=domains,
            create_accounts=provider.create_accounts,
        )
    return provider


def _configured_apps() -> list[dict]:
    return settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])


@dataclass(frozen=True)
class Claims:
    """What the provider says about the person, as the provider's mapping reads it."""

    email: str
    first_name: str = ""
    last_name: str = ""
    title: str = ""
    unit: str = ""


def create_staff_member(provider: IdentityProvider, claims: Claims) -> User:
    """Just-in-time: a colleague of the provider's organisation who is not in the directory yet. The
    caller has checked that the provider allows it and that the address is verified and the
    organisation's; this checks the latter again, since it decides whose colleague the account is."""
    organisation = provider.organisation
    if not provider.create_accounts or not organisation.is_home or not organisation.owns_address(claims.email):
        raise ValidationError(_("This sign-in service does not create accounts for this address."))
    email = claims.email.strip().lower()
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("An account with this address exists already."))
        user = User.objects.create_user(
            email=email, password=None, first_name=claims.first_name[:150], last_name=claims.last_name[:150]
        )
        Profile.objects.create(
            key=unique_key(Profile, "person", email.split("@", 1)[0][:95] or "person"),
            user=user,
            organisation=organisation,
            title=claims.title[:200],
            unit=_unit_named(organisation, claims.unit),
            languages=[],
        )
        audit.record(None, "sign_in.account_created", user, provider=provider.app.provider_id)
    return user


def fill_from_claims(user: User, provider: IdentityProvider, claims: Claims) -> list[str]:
    """The provider's claims fill what the directory left empty (name, job title, unit); what is there
    already stays: the directory and the person themselves are the sources of record."""
    profile = Profile.objects.filter(user=user).first()
    filled = []
    with transaction.atomic():
        for field, value in (("first_name", claims.first_name), ("last_name", claims.last_name)):
            if value and not getattr(user, field):
                setattr(user, field, value[:150])
                filled.append(field)
        if filled:
            user.save(update_fields=filled)
        if profile is not None and profile.organisation_id == provider.organisation_id:
            profile_filled = []
            if claims.title and not profile.title:
                profile.title = claims.title[:200]
                profile_filled.append("title")
            unit = _unit_named(provider.organisation, claims.unit) if profile.unit_id is None else None
            if unit is not None:
                profile.unit = unit
                profile_filled.append("unit")
            if profile_filled:
                profile.save(update_fields=[*profile_filled, "updated_at"])
            filled += profile_filled
        if filled:
            audit.record(None, "sign_in.profile_filled", user, provider=provider.app.provider_id, fields=filled)
    return filled


def _unit_named(organisation: Organisation, name: str) -> Unit | None:
    name = name.strip()
    if not name:
        return None
    return Unit.objects.filter(organisation=organisation, name__iexact=name).first()

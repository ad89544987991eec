"""Who may sign in through a single sign-on provider, and as whom.

- Once linked, a sign-in finds the account by the provider's stable subject (`sub`) alone.
- The first time, only by an address the provider asserts as verified, that is one of the provider's
  organisation's email domains, and whose account belongs to that organisation (groups.addresses:
  the account must have proven it too). An unverified address never links.
- Guests never sign in through a staff provider, whether linked or not.
- Nobody matched: the provider's organisation may let it create the account (IdentityProvider.
  create_accounts) for an address of its own domains nobody holds; otherwise the sign-in is refused.

Every decision is audited by the adapter (groups/social_adapter.py); a refusal creates nothing.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from groups import addresses
from people.models import IdentityProvider, Profile, User
from people.sign_in_services import Claims

REFUSALS = {
    "unverified_email": _(
        "Your organisation's sign-in service has not verified your email address, so it cannot be used to "
        "sign in here. Ask your organisation's IT support to verify it, or log in with your password."
    ),
    "foreign_domain": _(
        "Your email address does not belong to the organisation of this sign-in service. Use your own "
        "organisation's sign-in service."
    ),
    "not_allowed": _("This account cannot sign in through this sign-in service. Log in with your password."),
    "no_account": _(
        "There is no account for your email address yet. Ask the intranet's administrators to add you to the directory."
    ),
}
FAILED = _(
    "The answer of the sign-in service could not be accepted, so you were not signed in. Try again, or "
    "log in with your password."
)


class Refusal(Exception):
    def __init__(self, code: str, email: str = ""):
        super().__init__(code)
        self.code = code
        self.email = email

    @property
    def message(self):
        return REFUSALS[self.code]


@dataclass(frozen=True)
class Assertion:
    """What the provider said about the person: merged ID token and user info claims."""

    data: dict
    provider: IdentityProvider | None

    @property
    def email(self) -> str:
        return str(self.data.get("email") or "").strip().lower()

    @property
    def email_verified(self) -> bool:
        name = self.provider.claim_email_verified if self.provider else "email_verified"
        value = self.data.get(name) if name else None
        # A boolean claim, or its string form from providers that send one (Entra ID's xms_edov is 1/true).
        return value is True or value == 1 or str(value).strip().lower() in {"true", "1"}

    def text(self, claim: str) -> str:
        value = self.data.get(claim) if claim else None
        return value.strip() if isinstance(value, str) else ""

    def claims(self) -> Claims:
        p = self.provider
        if p is None:
            return Claims(email=self.email, first_name=self.text("given_name"), last_name=self.text("family_name"))
        return Claims(
            email=self.email,
            first_name=self.text(p.claim_first_name),
            last_name=self.text(p.claim_last_name),
            title=self.text(p.claim_title),
            unit=self.text(p.claim_unit),
        )


def assertion_of(extra_data: dict, provider: IdentityProvider | None) -> Assertion:
    # allauth's openid_connect keeps {"id_token": {...}, "userinfo": {...}}; the user info is fresher.
    data = extra_data if isinstance(extra_data, dict) else {}
    if "id_token" in data or "userinfo" in data:
        data = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return Assertion(data=data, provider=provider)


def may_sign_in(user: User, provider: IdentityProvider | None) -> bool:
    """A linked account signs in while it is an active colleague of the provider's organisation."""
    if not user.is_active or user.is_guest:
        return False
    if provider is None:
        return True
    return Profile.objects.filter(user=user, organisation=provider.organisation).exists()


def account_to_link(assertion: Assertion) -> User | None:
    """The first sign-in's match by address, or None."""
    email = assertion.email
    if not email or not assertion.email_verified:
        return None
    provider = assertion.provider
    if provider is not None and not provider.organisation.owns_address(email):
        return None
    owner = addresses.proven_owner(email)
    if owner is None or not may_sign_in(owner, provider):
        return None
    return owner


def why_unmatched(assertion: Assertion) -> str | None:
    """The refusal for a first sign-in that matched nobody; None when an account may be created."""
    email = assertion.email
    if not email or not assertion.email_verified:
        return "unverified_email"
    provider = assertion.provider
    if provider is not None and not provider.organisation.owns_address(email):
        return "foreign_domain"
    if User.objects.filter(email__iexact=email).exists() or addresses.proven_owner(email) is not None:
        return "not_allowed"  # someone's, but not a colleague of this organisation (or not proven)
    if provider is None or not provider.create_accounts:
        return "no_account"
    return None

"""Which account an email address belongs to. Only a proven address counts.

Proof, in allauth's terms, is a verified `EmailAddress`: a guest's comes from the invitation link they
signed up through (the link reached that mailbox; for guests from before this rule, whose address
was recorded unconfirmed, the invitation they accepted), anyone's from allauth's confirmation link. An
account the directory import made (colleagues, and guests an operator imported) has an address that
never went through allauth -- no `EmailAddress` row at all -- and the intranet trusts the directory: that
address counts, and is recorded as verified at the first login. An address someone typed and never
confirmed proves nothing: it never matches an invitation, a sign-in or a password reset, and it lapses
when the mailbox's owner proves it.
"""

from allauth.account.models import EmailAddress
from django.db import transaction

from core import audit
from groups.models import Invitation
from people.models import User


def proven_owner(email: str) -> User | None:
    """The account whose mailbox `email` is, or None when nobody has proven it."""
    email = email.strip().lower()
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
    if verified is not None:
        return verified.user
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and (_from_directory(user) or _signed_up_through_invitation(user, email)):
        return user
    return None


def _from_directory(user) -> bool:
    """The account's address never went through allauth: the directory import supplied it."""
    return not EmailAddress.objects.filter(user=user).exists()


def _signed_up_through_invitation(user, email: str) -> bool:
    """The account used a link sent to `email`. Guests who signed up before addresses needed proof
    have that address recorded as unconfirmed; the accepted invitation is their proof."""

    return Invitation.objects.filter(accepted_by=user, email__iexact=email).exists()


def has_proven(user, email: str) -> bool:
    owner = proven_owner(email)
    return owner is not None and owner.pk == user.pk


def record_directory_address(user) -> None:
    """An address the directory supplied is recorded as verified, so allauth's mandatory verification
    lets the person in and its primary-address rules apply to any address they add later. An account
    that already has allauth addresses keeps them as they are: an unconfirmed one stays unconfirmed."""
    if user.email and _from_directory(user):
        EmailAddress.objects.get_or_create(
            user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
        )


def release_unproven_claims(email: str) -> None:
    """The mailbox of `email` was just proven by someone else (an invitation link was used):
    other accounts' unconfirmed claims on it lapse, so they cannot block or catch the sign-up."""
    email = email.strip().lower()
    with transaction.atomic():
        # Decided before the claims go: an account left with no address rows is not a directory one.
        holders = [
            (holder, _from_directory(holder)) for holder in User.objects.select_for_update().filter(email__iexact=email)
        ]
        for claim in EmailAddress.objects.select_for_update().filter(email__iexact=email, verified=False):
            audit.record(None, "account.email.released", claim.user, email=email)
            claim.delete()
        # An account whose address was set without proof (before proof was required) falls back to an
        # address it did prove; with none left, it has no usable address until an operator gives one.
        for holder, from_directory in holders:
            if from_directory:
                continue
            fallback = EmailAddress.objects.filter(user=holder, verified=True).order_by("-primary", "pk").first()
            holder.email = fallback.email if fallback else f"released-{holder.pk}@invalid"
            holder.save(update_fields=["email"])
            if fallback and not fallback.primary:
                fallback.set_as_primary()
            audit.record(None, "account.email.released", holder, email=email)

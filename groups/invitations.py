"""The invitation a visitor is signing up with, kept in their session between pages."""

from allauth.account.adapter import get_adapter
from django.utils import timezone

from groups.models import Invitation

SESSION_KEY = "pending_invitation"


def open_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("group", "organisation", "invited_by")
        .filter(token=token, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def remember(request, invitation: Invitation) -> None:
    """The visitor opened the emailed link, which proves the invited mailbox: sign-up records that
    address as verified (allauth's stash of a verified address)."""
    request.session[SESSION_KEY] = invitation.token
    get_adapter(request).stash_verified_email(request, invitation.email)


def pending(request) -> Invitation | None:
    if request is None:
        return None
    token = request.session.get(SESSION_KEY)
    return open_invitation(token) if token else None


def forget(request) -> None:
    request.session.pop(SESSION_KEY, None)

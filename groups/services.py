"""Every write to groups: validate, one transaction, audit, publish on commit."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import queries
from groups.models import Group, Invitation, Membership
from intranet import audit
from people.models import Organisation, Profile

INVITATION_VALID_FOR = timedelta(days=14)


def invite_guest(inviter, group: Group, email: str, organisation: Organisation, base_url: str) -> Invitation:
    """Invite an external partner into one group; the link is emailed to them."""
    if not queries.can_invite(inviter, group):
        raise PermissionDenied(_("Only the group's owners and moderators can invite partners."))
    if organisation.is_home:
        raise ValidationError(_("Guests come from partner organisations, not from the home municipalities."))
    email = email.strip().lower()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            group=group, email=email, organisation=organisation, invited_by=inviter,
            expires_at=timezone.now() + INVITATION_VALID_FOR,
        )
        audit.record(inviter, "invitation.create", invitation, target_id=str(invitation.pk),
                     group=group.key, email=email)
        link = base_url.rstrip("/") + reverse("groups:invitation", args=[invitation.token])
        transaction.on_commit(lambda: _send_invitation_email(invitation, link))
    return invitation


def _send_invitation_email(invitation: Invitation, link: str) -> None:
    inviter = invitation.invited_by.get_full_name() or invitation.invited_by.email
    send_mail(
        subject=_("Invitation to %(group)s") % {"group": invitation.group.name},
        message=_("%(inviter)s invites you to the group %(group)s. Create your guest account here: %(link)s")
        % {"inviter": inviter, "group": invitation.group.name, "link": link},
        from_email=None,
        recipient_list=[invitation.email],
    )


def accept_invitation(user, invitation: Invitation) -> Membership:
    """Make a freshly signed-up guest a member of the group they were invited to."""
    if invitation is None:
        raise ValidationError(_("This invitation is no longer valid."))
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None or locked.expires_at <= timezone.now():
            raise ValidationError(_("This invitation is no longer valid."))
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        if not hasattr(user, "profile"):
            Profile.objects.create(user=user, key=f"guest-{user.pk}", organisation=locked.organisation)
        membership, _created = Membership.objects.get_or_create(
            group=locked.group, user=user, defaults={"role": Membership.Role.GUEST}
        )
        audit.record(user, "invitation.accept", locked, target_id=str(locked.pk), group=locked.group.key)
    from search.sync import queue_profiles

    queue_profiles([user.profile.pk])
    return membership


def join_public_group(user, group: Group) -> Membership:
    if user.is_guest or group.visibility != Group.Visibility.PUBLIC:
        raise PermissionDenied(_("You cannot join this group yourself."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(group=group, user=user)
        if created:
            audit.record(user, "group.join", group)
    return membership

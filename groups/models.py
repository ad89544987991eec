"""Groups (spaces), who belongs to them, and invitations for external partners."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.keys import key_field
from people.models import Organisation


class Group(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: visible to all staff")
        PRIVATE = "private", _("Private: visible, join by invitation")
        SECRET = "secret", _("Secret: visible to members only")

    key = key_field()
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    organisations = models.ManyToManyField(
        Organisation, related_name="groups", blank=True, verbose_name=_("owning organisations")
    )
    # The municipality that set the group up; `organisations` holds it and those it shares the group with.
    owning_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owning municipality"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MODERATOR = "moderator", _("Moderator")
        MEMBER = "member", _("Member")
        GUEST = "guest", _("Guest")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    # Guests only: the employee who answers for them, and when their access ends unless renewed.
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_memberships",
        verbose_name=_("sponsor"),
    )
    access_until = models.DateTimeField(_("access until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="unique_group_member")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation of an external partner into one group, accepted by signing up as a guest."""

    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sent_invitations",
        verbose_name=_("invited by"),
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("guest's organisation")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    # How long the guest's access lasts once accepted; the inviter is the guest's sponsor.
    access_until = models.DateTimeField(_("access until"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="accepted_invitations"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]


class MembershipRequest(models.Model):
    """A staff member asking to join a private group, or a moderator inviting a colleague in.

    A request is decided by the group's owners or moderators; an invitation by the invited person.
    """

    class Kind(models.TextChoices):
        REQUEST = "request", _("Join request")
        INVITATION = "invitation", _("Invitation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="membership_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_requests")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=models.Q(status="pending"), name="one_pending_request_per_member"
            ),
        ]

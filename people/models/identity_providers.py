"""A home organisation's sign-in service. allauth's SocialApp holds the protocol side (provider, client
id, secret, issuer); this row says whose service it is and what a sign-in through it may do."""

from allauth.socialaccount.models import SocialApp
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models.organisations import Organisation


class IdentityProvider(models.Model):
    app = models.OneToOneField(
        SocialApp, on_delete=models.CASCADE, related_name="identity_provider", verbose_name=_("application")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="identity_providers", verbose_name=_("organisation")
    )
    create_accounts = models.BooleanField(
        _("create accounts at the first sign-in"),
        default=False,
        help_text=_("Staff of the organisation who are not in the directory yet get an account when they sign in."),
    )
    # Which claim of the ID token (or the user info) fills what; an empty name reads nothing.
    claim_email_verified = models.CharField(_("claim: email verified"), max_length=100, default="email_verified")
    claim_first_name = models.CharField(_("claim: first name"), max_length=100, default="given_name", blank=True)
    claim_last_name = models.CharField(_("claim: last name"), max_length=100, default="family_name", blank=True)
    claim_title = models.CharField(_("claim: job title"), max_length=100, default="jobTitle", blank=True)
    claim_unit = models.CharField(_("claim: unit"), max_length=100, default="department", blank=True)

    class Meta:
        verbose_name = _("sign-in service")
        verbose_name_plural = _("sign-in services")
        ordering = ["organisation__name", "app__name"]

    def __str__(self) -> str:
        return f"{self.app.name} ({self.organisation.name})"

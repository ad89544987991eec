"""Sign-up is closed except through a group invitation, which makes the new account a guest.

Addresses count only when proven (groups.addresses): the invitation link proves the invited address,
the directory proves a colleague's, and allauth's confirmation link proves any other.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from groups import addresses, invitations, services


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return invitations.pending(request) is not None

    def is_email_verified(self, request, email: str) -> bool:
        invitation = invitations.pending(request)
        return bool(invitation and invitation.email.lower() == email.lower())

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        invitation = invitations.pending(self.request)
        if invitation and invitation.email.lower() != email.lower():
            raise forms.ValidationError(
                _("Use the address the invitation was sent to: %(email)s") % {"email": invitation.email}
            )
        return email

    def save_user(self, request, user, form, commit=True):
        invitation = invitations.pending(request)
        with transaction.atomic():
            user.is_guest = True
            user = super().save_user(request, user, form, commit=True)
            services.accept_invitation(user, invitation)
        # allauth records the address right after this returns: the stash (set when the invitation
        # link was opened) is what makes it verified, since the invitation is used up by now.
        invitations.forget(request)
        return user

    def pre_login(self, request, user, **kwargs):
        if user.is_active:
            addresses.record_directory_address(user)
        return super().pre_login(request, user, **kwargs)

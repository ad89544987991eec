"""Single sign-on (the municipality's OpenID Connect provider) is for colleagues whose account the
directory made: it never creates an account, and it matches an account only by an address the
provider verified and the account has proven (groups/addresses.py), never a guest's."""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from groups import addresses


class DirectorySocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Colleagues come from the directory, partners through an invitation's sign-up form.
        return False

    def authenticate_by_email(self, sociallogin):
        for email in [e.email for e in sociallogin.email_addresses if e.verified]:
            if not self.can_authenticate_by_email(sociallogin, email):
                continue
            owner = addresses.proven_owner(email)
            if owner is not None and owner.is_active and not owner.is_guest:
                addresses.record_directory_address(owner)
                return owner, email
        return None

"""allauth forms narrowed to proven addresses (groups/addresses.py)."""

from allauth.account.forms import LoginForm, ResetPasswordForm

from groups import addresses


class ProvenAddressResetPasswordForm(ResetPasswordForm):
    """A reset link goes only to the account that has proven the address: an address someone
    merely typed on their account must not let that mailbox's owner reset the account's password.
    The page answers the same either way (allauth's enumeration prevention)."""

    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = [user for user in self.users if addresses.has_proven(user, email)]
        return email


class PrefilledLoginForm(LoginForm):
    """The password form keeps the address typed into home-realm discovery (groups/sign_in_views.py)
    when no organisation's sign-in service took it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = getattr(self, "request", None)
        if not self.is_bound and request is not None and request.GET.get("login"):
            self.fields["login"].initial = request.GET["login"][:254]

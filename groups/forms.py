from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Organisation


class GuestSignupForm(forms.Form):
    """Extra fields on allauth's sign-up form, which only invited partners reach."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def signup(self, request, user) -> None:
        # The adapter has already saved the names; nothing more to store here.
        return None


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Partner's email address"))
    organisation = forms.ModelChoiceField(
        label=_("Partner's organisation"),
        queryset=Organisation.objects.filter(is_home=False),
        empty_label=_("Choose an organisation"),
    )

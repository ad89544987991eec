from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group, Membership
from groups.services import DEFAULT_GUEST_ACCESS
from people.models import Organisation


class GuestSignupForm(forms.Form):
    """Extra fields on allauth's sign-up form, which only invited partners reach."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def signup(self, request, user) -> None:
        # The adapter has already saved the names; nothing more to store here.
        return None


def _default_access_end():
    return timezone.localdate() + DEFAULT_GUEST_ACCESS


class AccessEndField(forms.DateField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Access ends on"),
            widget=forms.DateInput(attrs={"type": "date"}),
            help_text=_("The guest can use the group through this day, unless the access is renewed."),
            **kwargs,
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Partner's email address"))
    organisation = forms.ModelChoiceField(
        label=_("Partner's organisation"),
        queryset=Organisation.objects.filter(is_home=False),
        empty_label=_("Choose an organisation"),
    )
    # Optional so older clients still work: left empty, access lasts the default period.
    access_until = AccessEndField(initial=_default_access_end, required=False)


class RenewForm(forms.Form):
    access_until = AccessEndField()


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's email address"))


def _municipalities():
    return Organisation.objects.filter(is_home=True).order_by("name")


class GroupForm(forms.Form):
    """Creating a group and changing its settings."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(label=_("Who can see the group"), widget=forms.RadioSelect, initial="public")
    owning = forms.ModelChoiceField(
        label=_("Owning municipality"), queryset=Organisation.objects.none(), empty_label=_("Choose a municipality")
    )
    shared = forms.ModelMultipleChoiceField(
        label=_("Shared with"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cooperating municipalities that own the group together with the owning municipality."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = Group.Visibility.choices
        self.fields["owning"].queryset = _municipalities()
        self.fields["shared"].queryset = _municipalities()

    @staticmethod
    def initial_for(group) -> dict:
        owning = group.owning_organisation
        return {
            "name": group.name,
            "description": group.description,
            "visibility": group.visibility,
            "owning": owning,
            "shared": [o for o in group.organisations.all() if o != owning],
        }


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Membership.Role(role).label) for role in choices]


class DiscoveryForm(forms.Form):
    """The login page's first question: the work address tells whose sign-in service to use."""

    email = forms.EmailField(
        label=_("Work email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

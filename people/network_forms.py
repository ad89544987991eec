"""Forms of the network pages: contacts, interactions, the vCard import, leaving, and the successor picker."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import ExternalContact, Interaction, Organisation, Partnership, Profile
from people.pickers import colleague_choices
from people.queries import findable_profiles
from people.visibility import audience, may_see


class ContactForm(forms.ModelForm):
    class Meta:
        model = ExternalContact
        fields = [
            "name",
            "organisation",
            "role",
            "email",
            "phone",
            "source_kind",
            "source",
            "partnership",
            "legal_basis",
            "consent_given_on",
            "consent_note",
            "visibility",
        ]
        widgets = {"consent_given_on": forms.DateInput(attrs={"type": "date"})}


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    participants = forms.ModelMultipleChoiceField(
        label=_("Other colleagues who took part"), required=False, queryset=Profile.objects.none()
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = colleague_choices(viewer)


class InteractionEditForm(forms.Form):
    """Editing a recorded interaction: contacts to choose from are those the editor may see."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(
        label=_("Summary"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.order_by("name")
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts"), required=False, queryset=ExternalContact.objects.none()
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Colleagues who took part"), required=False, queryset=Profile.objects.none()
    )

    def __init__(self, *args, contacts, viewer, current_participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = contacts.order_by("name")
        # Former colleagues who took part stay choosable, so saving does not drop them.
        self.fields["participants"].queryset = colleague_choices(viewer, former=True, keep=current_participants)


class PartnershipForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Partnership.Kind.choices)
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"), required=False, queryset=Organisation.objects.order_by("name")
    )
    people = forms.ModelMultipleChoiceField(label=_("Colleagues"), required=False, queryset=Profile.objects.none())

    def __init__(self, *args, viewer, current_people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = colleague_choices(viewer, former=True, keep=current_people)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("vCard file (.vcf)"), help_text=_("One or many cards, at most 1 MB."))
    visibility = forms.ChoiceField(
        label=_("Who may see the new contacts"),
        choices=ExternalContact.Visibility.choices,
        initial=ExternalContact.Visibility.PRIVATE,
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=[
            choice for choice in ExternalContact.LegalBasis.choices if choice[0] != ExternalContact.LegalBasis.CONSENT
        ],
    )
    source = forms.CharField(label=_("Where you met them (project, event, group)"), max_length=200, required=False)


class LeavingForm(forms.Form):
    leaving_on = forms.DateField(
        label=_("Last working day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PeoplePicker(forms.TextInput):
    """A text field with the people type-ahead (search/typeahead.js): choosing a person fills in their
    profile key. Without JavaScript it is a plain text field for a key or an email address."""

    template_name = "people/widgets/people_picker.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})


def find_successor(viewer, text: str) -> Profile | None:
    people = findable_profiles(viewer).select_related("user", "organisation")
    successor = people.filter(key=text).first()
    if successor is None and "@" in text:
        # An address counts only where the viewer may see it: matching a hidden one would reveal whose it is.
        matches = [p for p in people.filter(user__email__iexact=text)[:2] if may_see(audience(viewer, p), p, "email")]
        successor = matches[0] if len(matches) == 1 else None
    return successor

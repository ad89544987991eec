"""Forms of the network pages: contacts, interactions, the vCard import, leaving and handover."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import ExternalContact, Interaction, Profile


class ContactForm(forms.ModelForm):
    class Meta:
        model = ExternalContact
        fields = ["name", "organisation", "role", "email", "phone", "source_kind", "source", "partnership",
                  "legal_basis", "consent_given_on", "consent_note", "visibility"]
        widgets = {"consent_given_on": forms.DateInput(attrs={"type": "date"})}


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    participants = forms.ModelMultipleChoiceField(
        label=_("Other colleagues who took part"), required=False,
        queryset=Profile.objects.filter(user__is_active=True, user__is_guest=False).select_related("user"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("vCard file (.vcf)"), help_text=_("One or many cards, at most 1 MB."))
    visibility = forms.ChoiceField(label=_("Who may see the new contacts"), choices=ExternalContact.Visibility.choices,
                                   initial=ExternalContact.Visibility.PRIVATE)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=[
        choice for choice in ExternalContact.LegalBasis.choices if choice[0] != ExternalContact.LegalBasis.CONSENT])
    source = forms.CharField(label=_("Where you met them (project, event, group)"), max_length=200, required=False)


class LeavingForm(forms.Form):
    leaving_on = forms.DateField(label=_("Last working day"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))


class HandoverForm(forms.Form):
    successor = forms.ModelChoiceField(label=_("Successor"), queryset=Profile.objects.none())
    contacts = forms.ModelMultipleChoiceField(label=_("Contacts to hand over"), required=False,
                                              queryset=ExternalContact.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)
    finish = forms.BooleanField(label=_("The person has left: close the account and show them as former staff"),
                                required=False)

    def __init__(self, *args, profile, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (Profile.objects.filter(user__is_active=True, user__is_guest=False)
                                             .exclude(pk=profile.pk).select_related("user"))
        self.fields["contacts"].queryset = contacts
        self.initial.setdefault("contacts", [c.pk for c in contacts])


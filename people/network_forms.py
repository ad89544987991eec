"""Forms of the network pages: contacts, interactions, the vCard import, leaving and handover."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feed.models import Post
from groups.models import Membership
from people.models import ExternalContact, Interaction, Organisation, Partnership, Profile


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


class InteractionEditForm(forms.Form):
    """Editing a recorded interaction: contacts to choose from are those the editor may see."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("Summary"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Organisation.objects.order_by("name"))
    contacts = forms.ModelMultipleChoiceField(label=_("Contacts"), required=False,
                                              queryset=ExternalContact.objects.none())
    participants = forms.ModelMultipleChoiceField(
        label=_("Colleagues who took part"), required=False,
        queryset=Profile.objects.filter(user__is_guest=False).select_related("user"))

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = contacts.order_by("name")


class PartnershipForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Partnership.Kind.choices)
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Description"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    organisations = forms.ModelMultipleChoiceField(label=_("Partner organisations"), required=False,
                                                   queryset=Organisation.objects.order_by("name"))
    people = forms.ModelMultipleChoiceField(
        label=_("Colleagues"), required=False,
        queryset=Profile.objects.filter(user__is_guest=False).select_related("user"))


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


class _RoleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership):
        return _("%(group)s (%(role)s)") % {"group": membership.group.name, "role": membership.get_role_display()}


class _QuestionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, post):
        return _("%(title)s (in %(group)s)") % {"title": post.title or str(post), "group": post.group.name}


class HandoverForm(forms.Form):
    """Every item the person holds is a checkbox, ticked by default."""

    successor = forms.ModelChoiceField(label=_("Successor"), queryset=Profile.objects.none())
    contacts = forms.ModelMultipleChoiceField(label=_("Contacts to hand over"), required=False,
                                              queryset=ExternalContact.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)
    roles = _RoleChoice(label=_("Group roles to hand over"), required=False, queryset=Membership.objects.none(),
                        widget=forms.CheckboxSelectMultiple,
                        help_text=_("The successor joins the group if needed; the leaver stays a member "
                                    "until they leave."))
    questions = _QuestionChoice(label=_("Their open questions: the successor may accept an answer"),
                                required=False, queryset=Post.objects.none(), widget=forms.CheckboxSelectMultiple)
    expert_questions = _QuestionChoice(label=_("Open questions they were asked to answer: the successor is asked "
                                               "instead"), required=False, queryset=Post.objects.none(),
                                       widget=forms.CheckboxSelectMultiple)
    finish = forms.BooleanField(label=_("The person has left: close the account and show them as former staff"),
                                required=False)

    def __init__(self, *args, profile, held, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (Profile.objects.filter(user__is_active=True, user__is_guest=False)
                                             .exclude(pk=profile.pk).select_related("user"))
        for name in ("contacts", "roles", "questions", "expert_questions"):
            self.fields[name].queryset = held[name]
            self.initial.setdefault(name, [item.pk for item in held[name]])
        self.empty = [name for name in ("contacts", "roles", "questions", "expert_questions") if not held[name]]
        for name in self.empty:
            del self.fields[name]

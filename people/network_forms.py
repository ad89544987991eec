"""Forms of the network pages: contacts, interactions, the vCard import, leaving and handover."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feed.models import Post
from groups.models import Membership
from people.models import ExternalContact, Interaction, Organisation, Partnership, Profile
from people.pickers import colleague_choices


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


class _HeldChoice(forms.ModelMultipleChoiceField):
    """What the person still holds. A ticked item they no longer hold (a second submit of the same handover,
    or one moved meanwhile) is skipped and counted in `skipped`, not an error: it has already moved."""

    skipped = 0

    def _check_values(self, value):
        held = {str(pk) for pk in self.queryset.values_list("pk", flat=True)}
        wanted = {str(item) for item in value}
        self.skipped = len(wanted - held)
        return super()._check_values(sorted(wanted & held))


class _RoleChoice(_HeldChoice):
    def label_from_instance(self, membership):
        return _("%(group)s (%(role)s)") % {"group": membership.group.name, "role": membership.get_role_display()}


class _QuestionChoice(_HeldChoice):
    def label_from_instance(self, post):
        return _("%(title)s (in %(group)s)") % {"title": post.title or str(post), "group": post.group.name}


class PeoplePicker(forms.TextInput):
    """A text field with the people type-ahead (search/typeahead.js): choosing a person fills in their
    profile key. Without JavaScript it is a plain text field for a key or an email address."""

    template_name = "people/widgets/people_picker.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})


def find_successor(viewer, text: str) -> Profile | None:
    from people.queries import findable_profiles
    from people.visibility import audience, may_see

    people = findable_profiles(viewer).select_related("user", "organisation")
    successor = people.filter(key=text).first()
    if successor is None and "@" in text:
        # An address counts only where the viewer may see it: matching a hidden one would reveal whose it is.
        matches = [p for p in people.filter(user__email__iexact=text)[:2] if may_see(audience(viewer, p), p, "email")]
        successor = matches[0] if len(matches) == 1 else None
    return successor


class HandoverForm(forms.Form):
    """Every item the person holds is a checkbox, ticked by default."""

    successor = forms.CharField(
        label=_("Successor"),
        max_length=254,
        widget=PeoplePicker,
        help_text=_("Type a name and choose a colleague from the list, or enter their exact email address."),
    )
    contacts = _HeldChoice(
        label=_("Contacts to hand over"),
        required=False,
        queryset=ExternalContact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    roles = _RoleChoice(
        label=_("Group roles to hand over"),
        required=False,
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The successor joins the group if needed; the leaver stays a member until they leave."),
    )
    questions = _QuestionChoice(
        label=_("Their open questions: the successor may accept an answer"),
        required=False,
        queryset=Post.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    expert_questions = _QuestionChoice(
        label=_("Open questions they were asked to answer: the successor is asked instead"),
        required=False,
        queryset=Post.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    finish = forms.BooleanField(
        label=_("The person has left: close the account and show them as former staff"), required=False
    )

    def __init__(self, *args, profile, held, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile, self.viewer = profile, viewer
        for name in ("contacts", "roles", "questions", "expert_questions"):
            self.fields[name].queryset = held[name]
            self.initial.setdefault(name, [item.pk for item in held[name]])
        self.empty = [name for name in ("contacts", "roles", "questions", "expert_questions") if not held[name]]
        for name in self.empty:
            del self.fields[name]

    def clean_successor(self) -> Profile:
        """A profile key (what the type-ahead fills in) or an exact email address (typed without JavaScript),
        of someone the person handing over could find in search: the answer (and its message) never tells
        them about anyone else."""
        text = self.cleaned_data["successor"].strip()
        successor = find_successor(self.viewer, text)
        if successor is None:
            raise forms.ValidationError(
                _(
                    "Nobody matches “%(text)s”: type a name and choose a colleague from the list, or enter their "
                    "exact email address."
                ),
                code="unknown",
                params={"text": text},
            )
        if successor.pk == self.profile.pk:
            raise forms.ValidationError(_("The person who is leaving cannot be their own successor."), code="self")
        if successor.user.is_guest:
            raise forms.ValidationError(
                _("%(name)s is a guest: choose a current colleague as the successor."),
                code="guest",
                params={"name": successor.name},
            )
        if not successor.user.is_active:
            raise forms.ValidationError(_("Choose a current colleague as the successor."), code="inactive")
        return successor

    def clean(self):
        data = super().clean()
        # Items ticked on a page that is out of date: already handed over, so they are skipped (and counted).
        self.already_moved = sum(
            self.fields[name].skipped
            for name in ("contacts", "roles", "questions", "expert_questions")
            if name in self.fields
        )
        self.already_moved += sum(
            len(set(self.data.getlist(name))) for name in self.empty if hasattr(self.data, "getlist")
        )
        return data

"""Forms of the profile pages. Writing goes through people.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Profile, ProfileSkill, Skill, Unit
from people.models.profiles import LANGUAGE_CHOICES
from people.pickers import colleague_choices, visible_choices
from people.visibility import FIELD_AUDIENCES, RESTRICTABLE, field_audience

VISIBILITY_LABELS = {
    "phone": _("Who sees my phone number"),
    "availability": _("Who sees my availability"),
    "email": _("Who sees my email address"),
    "help_with": _("Who sees what I can help with"),
    "responsibilities": _("Who sees my responsibilities"),
}


class ProfileForm(forms.Form):
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    manager = forms.ModelChoiceField(label=_("Manager"), queryset=Profile.objects.none(), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    help_with = forms.CharField(label=_("I can help with"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsibilities = forms.CharField(
        label=_("Responsibilities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bio = forms.CharField(label=_("About me"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^[0-9+() -]{0,40}$",
        max_length=40,
        required=False,
        error_messages={"invalid": _("Use digits, spaces and + ( ) - only.")},
    )

    def __init__(self, *args, profile: Profile, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=profile.organisation)
        self.fields["manager"].queryset = visible_choices(viewer, exclude=profile).filter(
            organisation=profile.organisation
        )
        for name, label in VISIBILITY_LABELS.items():
            self.fields[f"visibility_{name}"] = forms.ChoiceField(label=label, choices=FIELD_AUDIENCES)
            self.initial.setdefault(f"visibility_{name}", field_audience(profile, name))

    def changes(self) -> dict:
        data = self.cleaned_data
        visibility = {
            name: data[f"visibility_{name}"]
            for name in VISIBILITY_LABELS
            if data[f"visibility_{name}"] != RESTRICTABLE[name]
        }
        return {
            "title": data["title"].strip(),
            "unit": data["unit"],
            "manager": data["manager"],
            "languages": data["languages"],
            "help_with": data["help_with"].strip(),
            "responsibilities": data["responsibilities"].strip(),
            "bio": data["bio"].strip(),
            "phone": data["phone"].strip(),
            "field_visibility": visibility,
        }


class AvailabilityForm(forms.Form):
    out_of_office_until = forms.DateField(
        label=_("Out of office until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    stand_in = forms.ModelChoiceField(
        label=_("Stand-in"),
        queryset=Profile.objects.none(),
        required=False,
        help_text=_("The colleague to ask while you are away."),
    )

    def __init__(self, *args, profile: Profile, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stand_in"].queryset = colleague_choices(viewer, exclude=profile)

    def clean(self):
        data = super().clean()
        if data.get("stand_in") and not data.get("out_of_office_until"):
            self.add_error("out_of_office_until", _("Give the return date when you name a stand-in."))
        return data


class SkillForm(forms.Form):
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.all())
    level = forms.TypedChoiceField(label=_("Level"), choices=ProfileSkill.Level.choices, coerce=int)
    shown_to_guests = forms.BooleanField(label=_("Show to guests"), required=False)


class SkillProposalForm(forms.Form):
    label = forms.CharField(label=_("A skill that is not in the list"), max_length=120)
    level = forms.TypedChoiceField(
        label=_("Level"), choices=ProfileSkill.Level.choices, coerce=int, initial=ProfileSkill.Level.WORKING
    )

    def __init__(self, *args, **kwargs):
        # It shares the edit page with SkillForm: its own ids, so labels stay unambiguous.
        kwargs.setdefault("auto_id", "id_proposal_%s")
        super().__init__(*args, **kwargs)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, at most 5 MB."))


class MergeForm(forms.Form):
    label = forms.CharField(widget=forms.HiddenInput)
    skill = forms.ModelChoiceField(label=_("Merge into"), queryset=Skill.objects.all())

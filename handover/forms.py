"""The handover form: every item the leaver holds is a checkbox, ticked by default; the successor is
picked with the people type-ahead (people.network_forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feed.models import Post
from groups.models import Membership
from people.models import ExternalContact, Profile
from people.network_forms import PeoplePicker, find_successor


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

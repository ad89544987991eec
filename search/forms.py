from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from people.models import Organisation, Profile, Skill, Unit
from people.models.profiles import LANGUAGE_CHOICES
from search.filters import Filters
from search.query import MAX_QUERY_CHARS

ANY = [("", _("Any"))]
GUEST_HIDDEN_FIELDS = ("unit", "language", "available")


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Skill, topic or name"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        help_text=_("For example: public procurement, offentlig upphandling, julkiset hankinnat."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    organisation = forms.ChoiceField(label=_("Municipality or organisation"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    skill = forms.ChoiceField(label=_("Skill"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=ANY + list(LANGUAGE_CHOICES))
    kind = forms.ChoiceField(
        label=_("Staff or guest"), required=False, choices=ANY + [("staff", _("Staff")), ("guest", _("Guests"))]
    )
    available = forms.BooleanField(label=_("Available now (not out of office)"), required=False)

    def __init__(self, *args, guest: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # EXISTS, not DISTINCT over a join: the join read every profile (50,000) for a few organisations.
        with_people = Exists(Profile.objects.filter(organisation=OuterRef("pk")))
        self.fields["organisation"].choices = ANY + list(
            Organisation.objects.filter(with_people).order_by("name").values_list("key", "name")
        )
        self.fields["unit"].choices = ANY + [
            (unit.key, f"{unit.name} ({unit.organisation.name})")
            for unit in Unit.objects.select_related("organisation").order_by("organisation__name", "name")
        ]
        self.fields["skill"].choices = ANY + sorted(
            ((skill.key, skill.label()) for skill in Skill.objects.all()), key=lambda choice: choice[1].lower()
        )
        if guest:
            # Guests do not see people's unit, languages or availability (people.visibility).
            for name in GUEST_HIDDEN_FIELDS:
                del self.fields[name]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            organisation=data["organisation"],
            unit=data.get("unit", ""),
            skill=data["skill"],
            language=data.get("language", ""),
            available=data.get("available", False),
            kind=data["kind"],
        )

    def show_counts(self, facets: dict | None) -> None:
        """Label each filter value with how many of the matching people have it: "Keravan kaupunki (12)"."""
        if not facets:
            return
        for name in ("organisation", "unit", "skill", "language", "kind"):
            if name not in self.fields:
                continue
            counts = facets.get(name, {})
            self.fields[name].choices = [
                (value, f"{label} ({counts.get(value, 0)})" if value else label)
                for value, label in self.fields[name].choices
            ]
        if "available" in self.fields:
            self.fields["available"].label = f"{self.fields['available'].label} ({facets.get('available', 0)})"

"""The search form of the content tabs: the query and the facets that make sense per kind.

A facet value outside its choices is a form error (a message, and no search runs).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.queries import readable_groups
from people.models import Organisation
from search.content import ORGANISATIONS, POSTS
from search.query import MAX_QUERY_CHARS

ANY = [("", _("Any"))]


class ContentSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        help_text=_("Words in Finnish, Swedish or English. Quotes and other symbols are read as plain text."),
    )

    def __init__(self, *args, kind: str, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == POSTS:
            self.fields["group"] = forms.ChoiceField(
                label=_("Group"),
                required=False,
                choices=ANY + list(readable_groups(user).order_by("name").values_list("key", "name")),
            )
            self.fields["questions"] = forms.BooleanField(label=_("Questions only"), required=False)
            self.fields["open"] = forms.BooleanField(label=_("Questions without an accepted answer"), required=False)
        elif kind == ORGANISATIONS:
            self.fields["kind"] = forms.ChoiceField(
                label=_("Kind of organisation"), required=False, choices=ANY + list(Organisation.Kind.choices)
            )

    def facets(self) -> tuple[str, ...]:
        """The chosen facet values as stored in the documents (search.content.documents)."""
        data = self.cleaned_data
        chosen = []
        if data.get("group"):
            chosen.append(f"group:{data['group']}")
        if data.get("questions"):
            chosen.append("question")
        if data.get("open"):
            chosen.append("open")
        if data.get("kind"):
            chosen.append(f"kind:{data['kind']}")
        return tuple(chosen)

    def facet_fields(self):
        return [field for field in self if field.name != "q"]

from django import forms
from django.utils.translation import gettext_lazy as _

from search.query import MAX_QUERY_CHARS


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Skill, topic or name"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        help_text=_("For example: public procurement, offentlig upphandling, julkiset hankinnat."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

from django import forms
from django.utils.translation import gettext_lazy as _


class PostForm(forms.Form):
    question = forms.BooleanField(label=_("This is a question"), required=False)
    title = forms.CharField(label=_("Title (for questions)"), max_length=200, required=False)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)

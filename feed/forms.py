from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type by content, size)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class PostForm(forms.Form):
    question = forms.BooleanField(label=_("This is a question"), required=False)
    title = forms.CharField(label=_("Title (for questions)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
        help_text=_(
            "Markdown. Mention a colleague with @ and their profile name "
            "(e.g. @maija.virtanen); add topics with #, e.g. #procurement."
        ),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, images, Office documents or text, at most 10 MB each."),
    )


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title (for questions)"), max_length=200, required=False)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)

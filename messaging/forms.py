"""The plain HTML form for writing a message; it works without JavaScript."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from files.attachments import MAX_FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the checks by content happen in messaging.attachments."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class MessageForm(forms.Form):
    NO_FILE = _("Choose a file to attach.")

    # Not required: a message may be only files; the service says "Write something" when both are empty.
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # Generated when the form is drawn, so a double submit stores one message.
    client_id = forms.CharField(widget=forms.HiddenInput, required=False)
    files = MultipleFileField(label=_("Attach files"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_id", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("PDF, images, Office documents or text, at most %(max)d files.") % {
            "max": MAX_FILES
        }
        self.fields["files"].widget.attrs["aria-describedby"] = "file-help"
        # The service enforces the limit; the attribute only tells the browser early.
        self.fields["body"].widget.attrs["maxlength"] = settings.MESSAGING_MAX_BODY_CHARS

    def clean_client_id(self) -> str:
        value = self.cleaned_data.get("client_id", "")
        return value if 0 < len(value) <= 64 else uuid.uuid4().hex

    def point_to_errors(self, errors_id: str) -> None:
        """Tie the error text to the textarea for screen readers."""
        if "body" in self.errors:
            self.fields["body"].widget.attrs["aria-describedby"] = errors_id
        if "files" in self.errors:
            self.fields["files"].widget.attrs["aria-describedby"] = "file-errors file-help"

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(max)d files."), params={"max": MAX_FILES})
        return files


class GroupConversationForm(forms.Form):
    """Who takes part in a new group conversation; the choices are the people the user may see."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional. Without a title the conversation is named after its members."),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=None,
        help_text=_("Choose at least two people. Hold Ctrl (Cmd on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = choices
        self.fields["people"].label_from_instance = lambda profile: (
            f"{profile.name} ({profile.organisation.name})" if profile.organisation_id else profile.name
        )


class MessageEditForm(forms.Form):
    """A new text for one's own message, on a page that works without JavaScript.

    Not required: message_actions.edit_message refuses an empty or too long text with the same
    reasons as the websocket gives.
    """

    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, seq: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("New text of message %(seq)s") % {"seq": seq}
        self.fields["body"].widget.attrs.update(
            {"maxlength": settings.MESSAGING_MAX_BODY_CHARS, "aria-describedby": "edit-hint"}
        )

    def point_to_errors(self) -> None:
        """Tie the error text to the textarea for screen readers."""
        if "body" in self.errors:
            self.fields["body"].widget.attrs.update(
                {"aria-describedby": "edit-errors edit-hint", "aria-invalid": "true"}
            )

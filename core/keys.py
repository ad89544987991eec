"""The stable import key that every imported object carries."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}$"

validate_key = RegexValidator(
    KEY_PATTERN,
    _("A key is 1 to 100 letters, digits or the characters _ . : @ - and starts with a letter or digit."),
)


def key_field(**kwargs) -> models.CharField:
    kwargs.setdefault("unique", True)
    return models.CharField(_("key"), max_length=100, validators=[validate_key], **kwargs)

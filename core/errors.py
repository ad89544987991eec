"""The one error model of the services: a refusal with a stable code and a message in the reader's language.

A service that refuses a write raises `ServiceError` (or `Refused` when the actor may not do it at all)
and stores nothing. The message is a lazy translation filled in with `params` only when shown, so it
comes out in the language of the page or API request that shows it; `code` is a stable word for
clients. Django's `ValidationError` and `PermissionDenied`, which forms, models and older services
raise, are read the same way by `error_text`, `error_code` and `error_status`, so views and the API
have one way to show any of them (core/view_errors.py, intranet/api.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A write that was refused because of its input or the state it met; nothing was stored."""

    status = 400

    def __init__(self, message: str | Promise, code: str = "invalid", **params):
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class Refused(ServiceError, PermissionDenied):
    """The actor may not do this at all (still a PermissionDenied, so Django answers 403 if unhandled)."""

    status = 403

    def __init__(self, message: str | Promise, code: str = "forbidden", **params):
        super().__init__(message, code, **params)


# What a view or endpoint catches around a service call.
SERVICE_ERRORS = (ServiceError, ValidationError, PermissionDenied)


def error_text(error: Exception) -> str:
    """The first message of any service error, in the active language."""
    if isinstance(error, ServiceError):
        return str(error)
    if isinstance(error, ValidationError):
        return error.messages[0]
    return str(error) or _("You may not do that.")


def error_code(error: Exception) -> str:
    if isinstance(error, ServiceError):
        return error.code
    if isinstance(error, ValidationError):
        return getattr(error, "code", None) or "invalid"
    return "forbidden"


def error_status(error: Exception) -> int:
    if isinstance(error, ServiceError):
        return error.status
    return 403 if isinstance(error, PermissionDenied) else 400

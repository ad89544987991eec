"""The API's error answers: every refusal as `{"error": <message in the request's language>, "code": <word>}`,
the same messages the pages show (core/errors.py), never an HTML error page or English-only text.

Parameter errors come from pydantic in English; each is given again in the request's language by its
error type, keeping the field it names (`errors` lists them one by one).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as ParameterError

from core.errors import ServiceError, error_code, error_status, error_text


def _parameter_message(error: dict) -> str:
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Must be at least %(limit)s.") % {"limit": context.get("ge", context.get("gt", ""))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Must be at most %(limit)s.") % {"limit": context.get("le", context.get("lt", ""))}
    if kind in {"string_too_long", "too_long"}:
        return _("At most %(limit)s characters.") % {"limit": context.get("max_length", "")}
    if kind in {"string_too_short", "too_short"}:
        return _("At least %(limit)s characters.") % {"limit": context.get("min_length", "")}
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind in {"literal_error", "enum"}:
        return _("Not one of the allowed values.")
    return _("This value is not valid.")


def install(api: NinjaAPI) -> None:
    def answer(request, status: int, message: str, code: str, **extra):
        return api.create_response(request, {"error": message, "code": code, **extra}, status=status)

    @api.exception_handler(ParameterError)
    def bad_parameters(request: HttpRequest, exc: ParameterError):
        """Parameters outside their range are the client's error: 400 with a readable message."""
        errors = [
            {"field": ".".join(str(part) for part in error.get("loc", [])[1:]), "message": _parameter_message(error)}
            for error in exc.errors
        ]
        message = "; ".join(f"{error['field']}: {error['message']}" for error in errors)
        return answer(request, 400, message, "bad_field", errors=errors)

    @api.exception_handler(AuthenticationError)
    def not_logged_in(request: HttpRequest, exc: AuthenticationError):
        return answer(request, 401, _("Log in first."), "not_authenticated")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return answer(request, 404, _("Not found."), "not_found")

    @api.exception_handler(ServiceError)
    @api.exception_handler(PermissionDenied)
    @api.exception_handler(DjangoValidationError)
    def refused(request: HttpRequest, exc: Exception):
        return answer(request, error_status(exc), error_text(exc), error_code(exc))

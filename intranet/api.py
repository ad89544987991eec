"""The JSON API, version 1. Each app adds its router here; views stay in the apps."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

api = NinjaAPI(
    title="Intranet API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError):
    """Parameters outside their range are the client's error: 400 with a readable message."""
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", [])[1:]), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    message = "; ".join(f"{error['field']}: {error['message']}" for error in errors)
    return api.create_response(request, {"error": message, "errors": errors}, status=400)


@api.exception_handler(AuthenticationError)
def not_logged_in(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"error": "Log in first."}, status=401)


def _register_routers() -> None:
    from search.api import router as search_router

    api.add_router("/search", search_router)


_register_routers()

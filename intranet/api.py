"""The JSON API, version 1. Each app adds its router here; views stay in the apps."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

api = NinjaAPI(
    title="Intranet API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
    docs_decorator=login_required,
)


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError):
    """Parameters outside their range are the client's error: 400 with a readable message."""
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", [])[1:]), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    message = "; ".join(f"{error['field']}: {error['message']}" for error in errors)
    return api.create_response(request, {"error": message, "code": "bad_field", "errors": errors}, status=400)


@api.exception_handler(AuthenticationError)
def not_logged_in(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"error": "Log in first."}, status=401)


def _register_routers() -> None:
    from search.api import router as search_router

    from messaging.api import router as messaging_router
    from people.api import router as people_router

    api.add_router("/search", search_router)
    api.add_router("/messages", messaging_router)
    api.add_router("/people", people_router)
    from groups.api import router as groups_router
    from notifications.api import router as notifications_router

    api.add_router("/groups", groups_router)
    api.add_router("/notifications", notifications_router)


def _answer_401_instead_of_redirect(patterns) -> None:
    """API clients get 401 from django_auth, not the login page's redirect that
    LoginRequiredMiddleware would send."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _answer_401_instead_of_redirect(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name != "openapi-view":
            pattern.callback.login_required = False


_register_routers()


def urls():
    patterns, app_name, namespace = api.urls
    _answer_401_instead_of_redirect(patterns)
    return patterns, app_name, namespace

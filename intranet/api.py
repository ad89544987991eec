"""The JSON API, version 1. Each app adds its router here; views stay in the apps."""

from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.security import django_auth

from feed.api import router as feed_router
from groups.api import router as groups_router
from intranet import api_errors
from messaging.api import router as messaging_router
from notifications.api import router as notifications_router
from people.api import router as people_router
from search.api import router as search_router

api = NinjaAPI(
    title="Intranet API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
    docs_decorator=login_required,
)
api_errors.install(api)
api.add_router("/search", search_router)
api.add_router("/messages", messaging_router)
api.add_router("/people", people_router)
api.add_router("/groups", groups_router)
api.add_router("/groups", feed_router)  # a group's posts
api.add_router("/notifications", notifications_router)


def _answer_401_instead_of_redirect(patterns) -> None:
    """API clients get 401 from django_auth, not the login page's redirect that
    LoginRequiredMiddleware would send."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _answer_401_instead_of_redirect(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name != "openapi-view":
            pattern.callback.login_required = False


def urls():
    patterns, app_name, namespace = api.urls
    _answer_401_instead_of_redirect(patterns)
    return patterns, app_name, namespace

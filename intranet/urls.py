from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from groups import account_views, sign_in_views
from groups import urls as groups_urls
from handover.views import handover_page
from intranet import health
from intranet.api import urls as api_urls
from intranet.group_page import group_page
from intranet.ops import metrics_view
from intranet.profile_page import profile
from people import urls as people_urls

people_pages = [
    path("<str:key>/handover/", handover_page, name="handover"),
    path("<str:key>/", profile, name="profile"),
]

urlpatterns = [
    path("healthz", health.health, name="health"),
    path("healthz/live", health.live, name="health-live"),
    path("healthz/ready", health.ready, name="health-ready"),
    path("metrics", metrics_view.metrics, name="metrics"),
    # Guests keep the address their invitation proved (groups/account_views.py).
    path("accounts/email/", account_views.email, name="account_email"),
    # Home-realm discovery: a work address picks its organisation's sign-in service (docs/identity.md).
    path("accounts/sign-in/discover/", sign_in_views.discover, name="sign_in_discover"),
    path("accounts/login/", sign_in_views.login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # One login form (allauth's, rate-limited): the Wagtail admin's own login sends people there.
    path("admin/login/", login_not_required(RedirectView.as_view(pattern_name="account_login", query_string=True))),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's front-end login is a plain Django LoginView, outside allauth's rate limit: same redirect.
    path("_util/login/", login_not_required(RedirectView.as_view(pattern_name="account_login", query_string=True))),
    path("api/v1/", api_urls()),
    # A person's page and their handover are composed above people, groups and feed; last, as a key matches
    # any segment.
    path("people/", include(([*people_urls.urlpatterns, *people_pages], "people"))),
    # The group's page comes after groups' own one-segment paths ("new/"), which it would match too.
    path("groups/", include(([*groups_urls.urlpatterns, path("<str:key>/", group_page, name="detail")], "groups"))),
    path("posts/", include("feed.urls")),
    path("messages/", include("messaging.urls")),
    path("search/", include("search.urls")),
    path("notifications/", include("notifications.urls")),
]

if not settings.PRODUCTION:
    # Uploaded media from the embedded default; production serves them from the proxy.
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))

urlpatterns.append(path("", include(wagtail_urls)))

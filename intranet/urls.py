from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from intranet import health
from intranet.api import urls as api_urls
from intranet.ops import metrics_view

urlpatterns = [
    path("healthz", health.health, name="health"),
    path("healthz/live", health.live, name="health-live"),
    path("healthz/ready", health.ready, name="health-ready"),
    path("metrics", metrics_view.metrics, name="metrics"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("api/v1/", api_urls()),
    path("people/", include("people.urls")),
    path("groups/", include("groups.urls")),
    path("posts/", include("feed.urls")),
    path("messages/", include("messaging.urls")),
    path("search/", include("search.urls")),
    path("notifications/", include("notifications.urls")),
]

if not settings.PRODUCTION:
    # Uploaded media from the embedded default; production serves them from the proxy.
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))

urlpatterns.append(path("", include(wagtail_urls)))

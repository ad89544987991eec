from django.urls import path

from feed import moderation_views, views

app_name = "feed"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/<int:comment_pk>/", views.accept, name="accept"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/comments/<int:comment_pk>/edit/", views.edit, name="edit-comment"),
    path("<int:pk>/comments/<int:comment_pk>/delete/", views.delete, name="delete-comment"),
    path("<int:pk>/react/<str:kind>/", views.react, name="react"),
    path("<int:pk>/vote/<int:comment_pk>/", views.vote, name="vote"),
    path("<int:pk>/experts/", views.notify_experts, name="experts"),
    path("<int:pk>/report/", moderation_views.report, name="report"),
    path("<int:pk>/hide/", moderation_views.hide, name="hide"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/preview/", views.attachment_preview, name="attachment_preview"),
    path("topics/<str:name>/", views.topic, name="topic"),
    path("topics/<str:name>/follow/", views.follow, name="follow"),
    path("moderation/", moderation_views.queue, name="moderation"),
]

from django.urls import path

from messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/<str:profile_key>/", views.start, name="start"),
    path("<int:conversation_id>/", views.conversation, name="conversation"),
]

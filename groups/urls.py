from django.urls import path

from groups import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("<str:key>/", views.detail, name="detail"),
    path("<str:key>/join/", views.join, name="join"),
    path("<str:key>/invite/", views.invite, name="invite"),
]

from django.urls import path

from feed import views

app_name = "feed"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/<int:comment_pk>/", views.accept, name="accept"),
]

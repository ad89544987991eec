from django.urls import path

from groups import views

app_name = "groups"
# A group's own page, "<key>/" (name "detail"), is composed above groups, feed and messaging
# and added to this namespace by intranet/urls.py.
urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.create_group, name="create"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("<str:key>/join/", views.join, name="join"),
    path("<str:key>/invite/", views.invite, name="invite"),
    path("<str:key>/request/", views.request_to_join, name="request"),
    path("<str:key>/leave/", views.leave, name="leave"),
    path("<str:key>/members/", views.members, name="members"),
    path("<str:key>/settings/", views.edit_settings, name="settings"),
    path("<str:key>/members/<int:pk>/role/", views.change_role, name="role"),
    path("<str:key>/members/<int:pk>/remove/", views.remove_member, name="remove"),
    path("<str:key>/members/<int:pk>/renew/", views.renew_guest, name="renew"),
    path("<str:key>/requests/<int:pk>/<str:decision>/", views.decide_request, name="decide"),
    path("invitations/<int:pk>/<str:decision>/", views.answer_invitation, name="answer"),
]

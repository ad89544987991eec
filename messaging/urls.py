from django.urls import path

from messaging import views, views_message_actions

app_name = "messaging"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/<str:profile_key>/", views.start, name="start"),
    path("<int:conversation_id>/", views.conversation, name="conversation"),
    path("<int:conversation_id>/leave/", views.leave, name="leave"),
    path("new/", views.new_group, name="new_group"),
    path("group/<str:group_key>/", views.group_chat, name="group_chat"),
    path("<int:conversation_id>/messages/<int:message_id>/history/", views.message_history, name="history"),
    path("<int:conversation_id>/messages/<int:message_id>/edit/", views_message_actions.edit_message, name="edit"),
    path(
        "<int:conversation_id>/messages/<int:message_id>/delete/", views_message_actions.delete_message, name="delete"
    ),
    path("<int:conversation_id>/attachments/", views.upload_attachment, name="upload"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/preview/", views.attachment_preview, name="attachment_preview"),
]

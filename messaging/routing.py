"""The messaging socket's route; intranet/routing.py gathers every app's routes."""

from django.urls import path

from messaging.consumers import MessagingConsumer

websocket_urlpatterns = [
    path("ws/", MessagingConsumer.as_asgi(), name="messaging-socket"),
]

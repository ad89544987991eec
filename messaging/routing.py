"""Websocket routes; intranet/asgi.py wraps them in the Origin check and the session auth."""

from django.urls import path

from messaging.consumers import MessagingConsumer
from notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [
    path("ws/", MessagingConsumer.as_asgi(), name="messaging-socket"),
    *notification_routes,
]

"""Websocket routes of every app; intranet/asgi.py wraps them in the Origin check and the session auth."""

from messaging.routing import websocket_urlpatterns as messaging_routes
from notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [*messaging_routes, *notification_routes]

"""Websocket routes of every app; intranet/asgi.py wraps them in the Origin check and the session auth.

The site has one socket, messaging's /ws/, which also carries the notifications' unread count
(notifications.live); no other app serves a route of its own.
"""

from messaging.routing import websocket_urlpatterns as messaging_routes

websocket_urlpatterns = [*messaging_routes]

"""The websocket at /ws/notifications/: pushes the unread count to the user's open pages.

It only listens; the user's own group is the only subscription, so nobody can
subscribe to another person's notifications.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from notifications import queries


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    group_name = None

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close()  # before accept: the handshake is refused
            return
        self.group_name = queries.live_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        unread = await database_sync_to_async(queries.unread_count_for)(user)
        await self.send_json({"type": "unread", "unread": unread})

    async def disconnect(self, code):
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self.send_json({"type": "error", "error": "This socket only sends."})

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        await self.send_json({"type": "error", "error": "This socket only sends."})

    async def notifications_unread(self, event):
        await self.send_json({"type": "unread", "unread": event["unread"]})

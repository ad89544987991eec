"""The websocket at /ws/notifications/: pushes the unread count to the user's open pages.

It only listens; the user's own groups are the only subscriptions, so nobody can
subscribe to another person's notifications. It is bound to its session as messaging's
socket is (core.live_sessions): logout, a password change and deactivation close it, and
the account is read again before each count it sends.
"""

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core import live_sessions
from notifications import queries


class NotificationConsumer(live_sessions.SessionBoundSocket, AsyncJsonWebsocketConsumer):
    groups_joined = ()

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close()  # before accept: the handshake is refused
            return
        self.user_id = user.pk
        self.remember_session()
        # Its own group for the counts; the user's socket group for the session events.
        self.groups_joined = (queries.live_group(user.pk), live_sessions.user_group(user.pk))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_count()

    async def disconnect(self, code):
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def dispatch(self, message):
        # The user's socket group also carries messaging's events (read positions, conversations
        # joined): this socket has no use for them.
        if message["type"].startswith("websocket.") or hasattr(self, get_handler_name(message)):
            await super().dispatch(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if await self.ended():
            return
        await self.send_json({"type": "error", "code": "read_only", "error": "This socket only sends."})

    async def notifications_unread(self, event):
        # The count is read again rather than taken from the event: it is the user's own, after the rules
        # of notifications.queries, and the account is checked on the way.
        await self.send_count()

    async def send_count(self):
        code, unread = await database_sync_to_async(_state, thread_sensitive=False)(self.user_id, self.session_hash)
        if code is not None:
            await self.close(code=code)
            return
        await self.send_json({"type": "unread", "unread": unread})

    async def ended(self) -> bool:
        code = await database_sync_to_async(live_sessions.close_code_now, thread_sensitive=False)(
            self.user_id, self.session_hash
        )
        if code is not None:
            await self.close(code=code)
        return code is not None


def _state(user_id: int, session_hash: str | None) -> tuple[int | None, int]:
    code = live_sessions.close_code_now(user_id, session_hash)
    return code, (0 if code is not None else queries.unread_count_for(user_id))

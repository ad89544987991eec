"""The unread count of notifications on the site's live socket.

Notifications serve no socket of their own: the page's one websocket (messaging's consumer, the app
above this one) mixes in `UnreadCountSocket`. It joins the user's notifications group, and sends the
count when the socket opens and again at each `notifications.unread` event (services.push_unread_count),
so the notifications' events never touch the path of the messages. The group is the user's own, so
nobody hears another person's count.
"""

from channels.db import database_sync_to_async

from core import live_sessions
from notifications import queries

FRAME_TYPE = "notifications.unread"


class UnreadCountSocket:
    """For a consumer that is a `live_sessions.SessionBoundSocket` and sets `user_id` in connect."""

    user_id: int
    session_hash: str | None
    session_key: str | None
    channel_name: str
    channel_layer: object

    @property
    def unread_count_group(self) -> str:
        return queries.live_group(self.user_id)

    async def join_unread_count(self):
        await self.channel_layer.group_add(self.unread_count_group, self.channel_name)

    async def leave_unread_count(self):
        await self.channel_layer.group_discard(self.unread_count_group, self.channel_name)

    async def notifications_unread(self, event):
        # The count is read again rather than taken from the event: it is the user's own, after the rules
        # of notifications.queries, and the account is checked on the way.
        await self.send_unread_count()

    async def send_unread_count(self):
        """Send the count now (join the group first, so no change between the two goes unheard)."""
        code, unread = await database_sync_to_async(_state, thread_sensitive=False)(
            self.user_id, self.session_hash, self.session_key
        )
        if code is not None:
            await self.close(code=code)
            return
        await self.send_json({"type": FRAME_TYPE, "unread": unread})


def _state(user_id: int, session_hash: str | None, session_key: str | None) -> tuple[int | None, int]:
    code = live_sessions.close_code_now(user_id, session_hash, session_key)
    return code, (0 if code is not None else queries.unread_count_for(user_id))

"""The websocket at /ws/: a thin adapter from JSON frames to services and queries.

Every socket of a user joins that user's personal group, through which
services publish copies of stored messages. Bad input gets an error frame and
the socket stays open; see docs/messaging.md for the protocol.

It is the page's one socket: with ?notifications=1 it also carries the notifications' unread count
(notifications.live: one more group per socket, nothing on the path of the messages).
"""

import logging
import time
from collections import deque
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import live_sessions
from groups.queries import member_group_ids
from messaging import frames, message_actions, presence, publish, queries, ratelimit, services
from messaging.errors import MessagingError
from messaging.payloads import message_payload
from notifications.live import UnreadCountSocket

logger = logging.getLogger(__name__)

SYNC_BATCH = 100
# Room for the longest body in JSON escapes plus the other fields; larger frames are not parsed.
MAX_FRAME_CHARS = 64_000
CLOSE_SESSION_ENDED = live_sessions.CLOSE_SESSION_ENDED
CLOSE_ACCOUNT_DISABLED = live_sessions.CLOSE_ACCOUNT_DISABLED
CLOSE_REMOVED = 4404
CLOSE_SESSION_RENEWED = live_sessions.CLOSE_SESSION_RENEWED
TYPING_SECONDS = 6
# Events whose frame the publisher serialised once (publish.to_conversation): the layer may hand them
# to take_live_copy directly.
LIVE_COPIES = frozenset({"message.new", "message.updated", "typing"})
BATCH_FRAMES = 50  # at most this many live copies in one batch frame


class MessagingConsumer(live_sessions.SessionBoundSocket, UnreadCountSocket, AsyncJsonWebsocketConsumer):
    personal_group = None
    flushing = False  # while the outbox is being sent
    dispatching = False
    closing = False  # the server closed this socket
    unread_counts = False  # also carries the notifications' unread count (?notifications=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outbox = deque()  # frames of live copies not yet sent

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close()
            return
        conversation_ids = await database_sync_to_async(_joinable, thread_sensitive=False)(user)
        if conversation_ids is None:
            # A guest with no current group may talk to nobody (messaging.rules): refused like a stranger.
            await self.close()
            return
        self.user = user
        self.user_id = user.pk  # read for every live copy: the scope's user is a lazy object, slow to ask
        asked = parse_qs(self.scope.get("query_string", b"").decode("latin1"))
        # A client that connects to /ws/?batch=1 gets the live copies that queued up meanwhile in one frame.
        self.batches = asked.get("batch") == ["1"]
        # One that connects with ?notifications=1 (the pages do) also gets the notifications' unread count.
        self.unread_counts = asked.get("notifications") == ["1"]
        self.language = _language_of(self.scope)
        self.remember_session()
        self.personal_group = publish.personal_group(user.pk)
        add_receiver = getattr(self.channel_layer, "add_receiver", None)  # messaging.channel_layer only
        if add_receiver is not None:
            add_receiver(self.channel_name, self.take_live_copy, self.flush_outbox)
        await self.channel_layer.group_add(self.personal_group, self.channel_name)
        if self.unread_counts:
            await self.join_unread_count()
        # Copies of messages come through one group per conversation (one send reaches every member).
        self.conversation_groups = set()
        for conversation_id in conversation_ids:
            await self.join(conversation_id)
        self.groups_renewed_at = time.monotonic()
        await self.accept()
        await database_sync_to_async(presence.touch, thread_sensitive=False)(user.pk, "online")
        if self.unread_counts:
            await self.send_unread_count()  # after joining its group: no change in between goes unheard

    async def join(self, conversation_id: int):
        group = publish.conversation_group(conversation_id)
        if group not in self.conversation_groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.conversation_groups.add(group)

    async def leave(self, conversation_id: int):
        group = publish.conversation_group(conversation_id)
        if group in self.conversation_groups:
            self.conversation_groups.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)

    async def close(self, code=None, reason=None):
        self.closing = True
        await super().close(code, reason)

    async def disconnect(self, code):
        remove_receiver = getattr(self.channel_layer, "remove_receiver", None)
        if remove_receiver is not None:
            remove_receiver(self.channel_name)
        if self.personal_group:
            await self.channel_layer.group_discard(self.personal_group, self.channel_name)
            if self.unread_counts:
                await self.leave_unread_count()
        for group in getattr(self, "conversation_groups", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def renew_groups(self):
        """On a heartbeat, at most every MESSAGING_GROUP_RENEWAL_SECONDS: join the groups of every
        conversation the user is in now and add the socket again to the ones it is in.

        Heals a `conversation.joined` the layer dropped (e.g. Redis was down at that moment) and
        renews memberships that channels_redis' core layer forgets after its `group_expiry`.
        """
        if time.monotonic() - self.groups_renewed_at < group_renewal_seconds():
            return
        self.groups_renewed_at = time.monotonic()
        wanted = {
            publish.conversation_group(conversation_id)
            for conversation_id in await database_sync_to_async(queries.conversation_ids_of, thread_sensitive=False)(
                self.user
            )
        }
        for group in self.conversation_groups - wanted:
            # Removed while the removal notice was lost: stop receiving (for_me dropped them anyway).
            self.conversation_groups.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)
        renewed = [self.personal_group, self.unread_count_group] if self.unread_counts else [self.personal_group]
        for group in [*renewed, *wanted]:
            await self.channel_layer.group_add(group, self.channel_name)
        self.conversation_groups |= wanted

    async def dispatch(self, message):
        # Channels' dispatch hops into the single database thread before EVERY event to close stale
        # connections: with one event per recipient socket that queue was the messaging bottleneck.
        # Our handlers reach the database only through database_sync_to_async, which closes them itself.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        # Live copies that arrive meanwhile wait for this event's replies (a sender gets the ack of a
        # message before its own copy), as they did when every copy came through dispatch.
        from_layer = not message["type"].startswith("websocket.")
        if from_layer:
            await self.flush_outbox()  # the copies that came before this event leave before it
        self.dispatching = True
        try:
            await handler(message)
        finally:
            self.dispatching = False
            if from_layer:
                dispatched = getattr(self.channel_layer, "dispatched", None)
                if dispatched is not None:
                    dispatched(self.channel_name)
        await self.flush_outbox()

    # --- Frames from the client ------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Replaces the parent's, which raises (and kills the socket) on binary or invalid JSON.
        if text_data is None:
            return await self.send_error(MessagingError(_("Send text frames containing JSON."), "not_text"))
        if len(text_data) > MAX_FRAME_CHARS:
            return await self.send_error(MessagingError(_("This frame is too large."), "too_large"))
        try:
            content = await self.decode_json(text_data)
        except (ValueError, RecursionError):
            return await self.send_error(MessagingError(_("This frame is not valid JSON."), "not_json"))
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content, **kwargs):
        ref = frames.ref_of(content)
        try:
            frame = frames.parse(content)
            # Not thread-sensitive: frames of different sockets need not queue for Channels' one database
            # thread (each socket's frames still run one after another; the row lock orders the sends).
            reply = await database_sync_to_async(_handle, thread_sensitive=False)(
                self.user, frame, self.session_hash, self.session_key
            )
        except SocketEnded as ended:
            return await self.close(code=ended.code)
        except MessagingError as error:
            return await self.send_error(error, ref)
        except Exception:  # noqa: BLE001 - one failed frame must not end the user's live connection
            logger.exception("Websocket frame of user %s failed", self.user.pk)
            error = MessagingError(_("Something went wrong on the server; please try again."), "server_error")
            return await self.send_error(error, ref)
        if isinstance(frame, frames.HeartbeatFrame):
            await self.renew_groups()
        if reply is not None:
            await self.send_json(reply)

    async def send_error(self, error: MessagingError, ref: str | None = None):
        with translation.override(getattr(self, "language", None)):
            reason = str(error)
        await self.send_json({"type": "error", "code": error.code, "reason": reason, "ref": ref})

    # --- Events from the channel layer ------------------------------------------

    def for_me(self, event) -> bool:
        # Recipients are fixed when the event is sent: a removed member's socket drops it.
        return self.user_id in event.get("members", ())

    async def forward(self, event, keys):
        """Send the frame the publisher serialised once for all recipients (publish.to_conversation)."""
        if self.closing:  # closed by the server: nothing more goes out
            return
        text = event.get("text")
        if text is None:
            text = await self.encode_json({key: event[key] for key in keys})
        await self.send(text_data=text)

    def take_live_copy(self, event) -> bool:
        """The layer's receiver (messaging.channel_layer): queue a live copy's frame for this socket
        instead of waking this consumer once per copy. Other events go through dispatch."""
        if event.get("type") not in LIVE_COPIES or event.get("text") is None:
            return False
        if self.for_me(event) and not self.closing:
            self.outbox.append(event["text"])
        return True

    async def flush_outbox(self):
        """Send the live copies queued so far, after the replies of the event being dispatched, if any."""
        if self.dispatching or self.flushing:
            return
        if self.closing:  # closed by the server: nothing more goes out (writing would only fail)
            self.outbox.clear()
            return
        self.flushing = True
        try:
            while self.outbox:
                if self.batches and len(self.outbox) > 1:
                    texts = [self.outbox.popleft() for _ in range(min(len(self.outbox), BATCH_FRAMES))]
                    # The frames are JSON texts already: joined, not parsed and serialised again.
                    await self.send(text_data='{"type": "batch", "frames": [' + ", ".join(texts) + "]}")
                else:
                    await self.send(text_data=self.outbox.popleft())
        except Exception:  # noqa: BLE001 - the socket is going away; sync recovers anything lost
            logger.exception("Could not forward live copies to user %s", self.user.pk)
            self.outbox.clear()
        finally:
            self.flushing = False

    async def message_new(self, event):
        if self.for_me(event):
            await self.forward(event, ("type", "message"))

    async def conversation_joined(self, event):
        await self.join(event["conversation"])

    async def message_updated(self, event):
        if self.for_me(event):
            await self.forward(event, ("type", "message"))

    async def typing(self, event):
        if self.for_me(event):
            await self.forward(event, ("type", "conversation", "user_key", "name", "expires_in"))

    async def read_updated(self, event):
        await self.send_json({key: event[key] for key in ("type", "conversation", "seq", "unread_total")})

    async def conversation_removed(self, event):
        # The socket may hold a page of that conversation: tell it why, then close; pages of other
        # conversations reconnect at once, and the removed one is refused from then on.
        await self.leave(event["conversation"])
        await self.send_json({"type": "conversation.removed", "conversation": event["conversation"]})
        await self.close(code=CLOSE_REMOVED)


# --- The work of each frame, run in a thread with database access -------------


class SocketEnded(Exception):
    """The account or session behind the socket ended without an event reaching it: close with `code`."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _joinable(user) -> list[int] | None:
    """The conversations a new socket listens to; None for a guest with no current group at all."""
    if user.is_guest and not member_group_ids(user):
        return None
    return queries.conversation_ids_of(user)


def _handle(user, frame, session_hash: str | None = None, session_key: str | None = None) -> dict | None:
    """The account is read again first (a deactivation by update() sent no event), then rate limits
    (cache counters shared by every process), then the frame's own work."""
    code = live_sessions.close_code_now(user.pk, session_hash, session_key)
    if code is not None:
        raise SocketEnded(code)
    if not ratelimit.allow(user.pk, "frame"):
        raise MessagingError(_("You are sending too fast; wait a moment and try again."), "rate_limited")
    handler = HANDLERS[type(frame)]
    return handler(user, frame)


def _limited(user, kind: str) -> None:
    if not ratelimit.allow(user.pk, kind):
        raise MessagingError(_("You are sending too fast; wait a moment and try again."), "rate_limited")


def _send(user, frame: frames.SendFrame) -> dict:
    _limited(user, "send")
    message, created = services.send_message(
        user,
        frame.conversation,
        frame.client_id,
        frame.body,
        frame.reply_to,
        attachments=list(frame.attachments) if frame.attachments else None,
    )
    return {
        "type": "message.ack",
        "client_id": frame.client_id,
        "created": created,
        "message": message_payload(message),
    }


def _sync(user, frame: frames.SyncFrame) -> dict:
    # Read before the messages: every change up to this number is committed (they are numbered under a lock).
    conversation = _conversation(user, frame.conversation)
    changes_after = frame.changes_after
    if changes_after is None:
        changes_after = queries.created_change_of(conversation, frame.after)
    if (
        conversation.last_seq - frame.after > reload_gap()
        or conversation.last_change - min(changes_after, conversation.last_change) > reload_gap()
    ):
        # Away so long that catching up frame by frame would be slower than loading the page.
        return {"type": "reload", "conversation": conversation.pk, "last_seq": conversation.last_seq}
    messages = queries.changes_after(conversation, frame.after, changes_after, SYNC_BATCH + 1)
    more = len(messages) > SYNC_BATCH
    messages = messages[:SYNC_BATCH]
    # The client holds every change up to this number once it has applied these messages.
    held = (
        [changes_after, messages[-1].change]
        if more
        else [changes_after, conversation.last_change, *(message.change for message in messages)]
    )
    last_change = max(held)
    return {
        "type": "sync.result",
        "conversation": conversation.pk,
        "messages": [message_payload(message) for message in messages],
        # More than one batch was missed: the client asks again after the last one it got.
        "more": more,
        "last_change": last_change,
    }


def _read(user, frame: frames.ReadFrame) -> dict:
    seq = services.mark_read(user, frame.conversation, frame.seq)
    return {"type": "read.ack", "conversation": frame.conversation, "seq": seq}


def _typing(user, frame: frames.TypingFrame) -> None:
    _limited(user, "typing")
    # Only someone who may write here types; the notice goes to the members who may read here now.
    recipients = services.member_ids_allowed_to_send(user, frame.conversation)
    others = [user_id for user_id in recipients if user_id != user.pk]
    profile = getattr(user, "profile", None)
    publish.to_conversation(
        frame.conversation,
        others,
        {
            "type": "typing",
            "conversation": frame.conversation,
            "user_key": profile.key if profile else None,
            "name": user.get_full_name() or user.email,
            "expires_in": TYPING_SECONDS,
        },
    )
    return None


def _heartbeat(user, frame: frames.HeartbeatFrame) -> dict | None:
    presence.touch(user.pk, frame.state)
    if frame.conversation is None:
        return None
    conversation = _conversation(user, frame.conversation)
    people = queries.member_keys(conversation)
    states = presence.states(people)
    return {
        "type": "presence",
        "conversation": conversation.pk,
        "people": {key: states[user_id] for user_id, key in people.items() if key},
        # The conversation's latest change: a page behind it lost a live copy, and syncs (within a beat).
        "last_change": conversation.last_change,
    }


def _edit(user, frame: frames.EditFrame) -> dict:
    _limited(user, "send")
    message = message_actions.edit_message(user, frame.message, frame.body)
    return {"type": "message.edit.ack", "message": message.pk}


def _delete(user, frame: frames.DeleteFrame) -> dict:
    message = message_actions.delete_message(user, frame.message)
    return {"type": "message.delete.ack", "message": message.pk}


def _reaction(user, frame: frames.ReactionFrame) -> dict:
    _limited(user, "send")
    message = message_actions.react(user, frame.message, frame.emoji, frame.on)
    # The counts go to everyone in message.updated; which of them are this user's only to this user.
    return {"type": "reaction.ack", "message": message.pk, "mine": message_actions.my_reactions(user, message.pk)}


HANDLERS = {
    frames.EditFrame: _edit,
    frames.DeleteFrame: _delete,
    frames.ReactionFrame: _reaction,
    frames.SendFrame: _send,
    frames.SyncFrame: _sync,
    frames.ReadFrame: _read,
    frames.TypingFrame: _typing,
    frames.HeartbeatFrame: _heartbeat,
}


def group_renewal_seconds() -> float:
    return getattr(settings, "MESSAGING_GROUP_RENEWAL_SECONDS", 60)


def reload_gap() -> int:
    return getattr(settings, "MESSAGING_RELOAD_GAP", 1000)


def _conversation(user, conversation_id: int):
    try:
        return queries.get_conversation_for(user, conversation_id)
    except Http404:
        raise MessagingError(services.NOT_A_MEMBER, "not_member") from None


def _language_of(scope) -> str:
    """The language the user chose (cookie) or the browser asks for, as LocaleMiddleware would pick it."""
    request = HttpRequest()
    request.COOKIES = scope.get("cookies", {})
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            request.META["HTTP_ACCEPT_LANGUAGE"] = value.decode("latin1")
    return translation.get_language_from_request(request)

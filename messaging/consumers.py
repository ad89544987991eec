"""The websocket at /ws/: a thin adapter from JSON frames to services and queries.

Every socket of a user joins that user's personal group, through which
services publish copies of stored messages. Bad input gets an error frame and
the socket stays open; see docs/messaging.md for the protocol.
"""

import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from messaging import frames, publish, queries, services
from messaging.errors import MessagingError
from messaging.payloads import message_payload

logger = logging.getLogger(__name__)

SYNC_BATCH = 100
# Room for the longest body in JSON escapes plus the other fields; larger frames are not parsed.
MAX_FRAME_CHARS = 64_000
CLOSE_SESSION_ENDED = 4401
CLOSE_ACCOUNT_DISABLED = 4403


class MessagingConsumer(AsyncJsonWebsocketConsumer):
    personal_group = None

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            # Closing before accepting refuses the handshake (HTTP 403).
            await self.close()
            return
        self.user = user
        self.language = _language_of(self.scope)
        self.personal_group = publish.personal_group(user.pk)
        await self.channel_layer.group_add(self.personal_group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if self.personal_group:
            await self.channel_layer.group_discard(self.personal_group, self.channel_name)

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
            if isinstance(frame, frames.SendFrame):
                reply = await database_sync_to_async(_send)(self.user, frame)
            elif isinstance(frame, frames.SyncFrame):
                reply = await database_sync_to_async(_sync)(self.user, frame)
            else:
                reply = await database_sync_to_async(_read)(self.user, frame)
        except MessagingError as error:
            return await self.send_error(error, ref)
        except Exception:  # noqa: BLE001 - one failed frame must not end the user's live connection
            logger.exception("Websocket frame of user %s failed", self.user.pk)
            error = MessagingError(_("Something went wrong on the server; please try again."), "server_error")
            return await self.send_error(error, ref)
        await self.send_json(reply)

    async def send_error(self, error: MessagingError, ref: str | None = None):
        with translation.override(getattr(self, "language", None)):
            reason = str(error)
        await self.send_json({"type": "error", "code": error.code, "reason": reason, "ref": ref})

    # --- Events from the channel layer ------------------------------------------

    async def message_new(self, event):
        await self.send_json({"type": "message.new", "message": event["message"]})

    async def session_ended(self, event):
        session = self.scope.get("session")
        if session is not None and session.session_key == event.get("session_key"):
            await self.close(code=CLOSE_SESSION_ENDED)

    async def account_disabled(self, event):
        await self.close(code=CLOSE_ACCOUNT_DISABLED)


# --- The work of each frame, run in a thread with database access -------------

def _send(user, frame: frames.SendFrame) -> dict:
    message, created = services.send_message(user, frame.conversation, frame.client_id, frame.body)
    return {"type": "message.ack", "client_id": frame.client_id, "created": created,
            "message": message_payload(message)}


def _sync(user, frame: frames.SyncFrame) -> dict:
    conversation = _conversation(user, frame.conversation)
    messages = queries.messages_after(conversation, frame.after, SYNC_BATCH + 1)
    return {
        "type": "sync.result",
        "conversation": conversation.pk,
        "messages": [message_payload(message) for message in messages[:SYNC_BATCH]],
        # More than one batch was missed: the client asks again after the last one it got.
        "more": len(messages) > SYNC_BATCH,
    }


def _read(user, frame: frames.ReadFrame) -> dict:
    seq = services.mark_read(user, frame.conversation, frame.seq)
    return {"type": "read.ack", "conversation": frame.conversation, "seq": seq}


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

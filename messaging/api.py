"""/api/v1/messages: conversations and messages as JSON, for clients without a websocket.

The same services and queries as the pages and the socket; the same message shape
as the websocket frames (messaging.payloads).
"""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from messaging import queries, ratelimit, services
from messaging.payloads import message_payload

router = Router(tags=["messaging"])
RATE_LIMITED = _("You are sending too fast; wait a moment and try again.")


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str
    # Only for images: a small JPEG thumbnail, and alt text read from the file name.
    preview_url: str | None = None
    alt_text: str = ""


class MessageOut(Schema):
    id: int
    conversation: int
    seq: int
    sender_key: str | None
    sender_name: str
    body: str
    html: str
    created_at: datetime
    reply_to: int | None
    edited_at: datetime | None
    deleted: bool
    reactions: dict[str, int]
    change: int
    attachments: list[AttachmentOut]


class VersionOut(Schema):
    body: str
    written_at: datetime


class HistoryOut(Schema):
    message: int
    versions: list[VersionOut]


class ConversationOut(Schema):
    id: int
    other_key: str | None
    other_name: str | None
    last_seq: int
    unread: int
    updated_at: datetime


class MessagesOut(Schema):
    messages: list[MessageOut]
    more: bool


# An id the database can hold (bigint): a larger number is refused with 400, not looked up.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class SendIn(Schema):
    client_id: str
    body: str
    # Ids of files uploaded first with POST /messages/<id>/attachments/.
    attachments: list[Id] | None = Field(None, max_length=100)


class ReadIn(Schema):
    seq: int = Field(ge=0, le=2**63 - 1)


class ReadOut(Schema):
    conversation: int
    seq: int


class ErrorOut(Schema):
    error: str
    code: str


@router.get("/conversations", response=list[ConversationOut], summary="My conversations, newest first")
def conversations(request: HttpRequest):
    return [
        {
            "id": summary.conversation.pk,
            "other_key": getattr(getattr(summary.other, "profile", None), "key", None),
            "other_name": str(summary.other) if summary.other else None,
            "last_seq": summary.conversation.last_seq,
            "unread": summary.unread,
            "updated_at": summary.conversation.updated_at,
        }
        for summary in queries.conversations_of(request.user)
    ]


@router.get(
    "/conversations/{conversation_id}/messages",
    response=MessagesOut,
    summary="Messages after (or before) a sequence number, oldest first",
)
def messages(
    request: HttpRequest,
    conversation_id: int,
    after: int = Query(0, ge=0),
    before: int | None = Query(None, ge=1),
    limit: int = Query(100, ge=1, le=queries.MAX_PAGE - 1),
):
    """What a client missed: messages with `seq` above `after`; ask again after the last one while `more`.

    With `before`, the page of history just before that seq (older pages: `before` = the first seq received).
    """
    conversation = queries.get_conversation_for(request.user, conversation_id)
    if before is not None:
        found = queries.history(conversation, min(before, 2**62), limit + 1)
        return {"messages": [message_payload(message) for message in found[-limit:]], "more": len(found) > limit}
    found = queries.messages_after(conversation, after, limit + 1)
    return {"messages": [message_payload(message) for message in found[:limit]], "more": len(found) > limit}


@router.get(
    "/conversations/{conversation_id}/messages/{message_id}/history",
    response=HistoryOut,
    summary="Every version of a message, newest first",
)
def message_history(request: HttpRequest, conversation_id: int, message_id: int):
    conversation = queries.get_conversation_for(request.user, conversation_id)
    return {
        "message": message_id,
        "versions": [
            {"body": body, "written_at": written_at}
            for body, written_at in queries.versions_of(request.user, conversation, message_id)
        ],
    }


@router.post(
    "/conversations/{conversation_id}/messages",
    response={200: MessageOut, 201: MessageOut, 400: ErrorOut, 429: ErrorOut},
    summary="Send a message (idempotent by client_id)",
)
def send(request: HttpRequest, conversation_id: int, payload: SendIn):
    """201 with the new message, or 200 with the stored one when this client_id was sent before;
    429 past the per-user send limit (the same budget as the websocket's)."""
    conversation = queries.get_conversation_for(request.user, conversation_id)
    if not ratelimit.allow(request.user.pk, "send"):
        return Status(429, {"error": str(RATE_LIMITED), "code": "rate_limited"})
    message, created = services.send_message(
        request.user, conversation.pk, payload.client_id, payload.body, attachments=payload.attachments
    )
    return Status(201 if created else 200, message_payload(message))


@router.post(
    "/conversations/{conversation_id}/read",
    response={200: ReadOut, 400: ErrorOut},
    summary="Mark messages read up to a sequence number",
)
def read(request: HttpRequest, conversation_id: int, payload: ReadIn):
    conversation = queries.get_conversation_for(request.user, conversation_id)
    seq = services.mark_read(request.user, conversation.pk, payload.seq)
    return {"conversation": conversation.pk, "seq": seq}

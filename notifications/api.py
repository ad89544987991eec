"""/api/v1/notifications: the caller's own notifications and unread count; marking them read."""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from notifications import queries, services, texts

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    created_at: datetime
    read: bool


class ListOut(Schema):
    unread: int
    notifications: list[NotificationOut]


class ListIn(Schema):
    limit: int = Field(30, ge=1, le=100)


# An id the database can hold (bigint): a larger number is refused with 400, not looked up.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ReadIn(Schema):
    ids: list[Id] | None = Field(None, max_length=1000)


class ReadOut(Schema):
    marked: int
    unread: int


@router.get("/", response=ListOut)
def notification_list(request: HttpRequest, params: Query[ListIn]):
    items = queries.for_user(request.user)[: params.limit]
    return ListOut(
        unread=queries.unread_count_for(request.user),
        notifications=[
            NotificationOut(
                id=n.pk,
                kind=n.kind,
                text=texts.text(n),
                url=texts.link(n),
                created_at=n.created_at,
                read=n.read_at is not None,
            )
            for n in items
        ],
    )


@router.post("/read", response=ReadOut)
def mark_read(request: HttpRequest, payload: ReadIn):
    marked = services.mark_read(request.user, payload.ids)
    return ReadOut(marked=marked, unread=queries.unread_count_for(request.user))

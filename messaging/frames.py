"""Reading the JSON frames a client sends over the websocket; bad frames raise MessagingError.

Only the shape is checked here (types and required fields); what a value may
be (body length, membership, ...) is the services' business.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from messaging.errors import MessagingError

# The database stores ids and sequence numbers as 64-bit integers.
LARGEST = 2**63 - 1


@dataclass(frozen=True)
class SendFrame:
    conversation: int
    client_id: str
    body: str
    reply_to: int | None = None
    # Ids of files uploaded to the conversation first (POST /messages/<id>/attachments/).
    attachments: tuple[int, ...] | None = None


@dataclass(frozen=True)
class EditFrame:
    message: int
    body: str


@dataclass(frozen=True)
class DeleteFrame:
    message: int


@dataclass(frozen=True)
class ReactionFrame:
    message: int
    emoji: str
    on: bool


@dataclass(frozen=True)
class SyncFrame:
    conversation: int
    after: int
    # The highest change number the client holds; without it, changes since message `after` was stored.
    changes_after: int | None = None


@dataclass(frozen=True)
class ReadFrame:
    conversation: int
    seq: int


@dataclass(frozen=True)
class TypingFrame:
    conversation: int


@dataclass(frozen=True)
class HeartbeatFrame:
    state: str
    conversation: int | None


PRESENCE_STATES = ("online", "away")


def ref_of(content) -> str | None:
    """The client_id an error answers, so the client can match it to what it sent."""
    if isinstance(content, dict) and isinstance(content.get("client_id"), str):
        return content["client_id"][:64]
    return None


def parse(content):
    """One of the frame classes above, or MessagingError."""
    if not isinstance(content, dict):
        raise MessagingError(_("Each frame must be a JSON object."), "not_object")
    kind = content.get("type")
    if kind == "message.send":
        reply_to = _whole(content, "reply_to") if content.get("reply_to") is not None else None
        return SendFrame(
            _whole(content, "conversation"),
            _text(content, "client_id"),
            _text(content, "body"),
            reply_to,
            _ids(content, "attachments"),
        )
    if kind == "message.edit":
        return EditFrame(_whole(content, "message"), _text(content, "body"))
    if kind == "message.delete":
        return DeleteFrame(_whole(content, "message"))
    if kind == "reaction":
        on = content.get("on", True)
        if not isinstance(on, bool):
            raise MessagingError(_("The field “%(field)s” must be true or false."), "bad_field", field="on")
        return ReactionFrame(_whole(content, "message"), _text(content, "emoji"), on)
    if kind == "sync":
        changes_after = _whole(content, "changes_after") if content.get("changes_after") is not None else None
        return SyncFrame(_whole(content, "conversation"), _whole(content, "after"), changes_after)
    if kind == "read":
        return ReadFrame(_whole(content, "conversation"), _whole(content, "seq"))
    if kind == "typing":
        return TypingFrame(_whole(content, "conversation"))
    if kind == "heartbeat":
        state = _text(content, "state")
        if state not in PRESENCE_STATES:
            raise MessagingError(_("The field “%(field)s” must be “online” or “away”."), "bad_field", field="state")
        conversation = _whole(content, "conversation") if content.get("conversation") is not None else None
        return HeartbeatFrame(state, conversation)
    raise MessagingError(
        _(
            "Unknown frame type; use message.send, message.edit, message.delete, reaction, sync, "
            "read, typing or heartbeat."
        ),
        "unknown_type",
    )


def _field(content: dict, name: str):
    if name not in content or content[name] is None:
        raise MessagingError(_("The frame is missing the field “%(field)s”."), "missing_field", field=name)
    return content[name]


def _whole(content: dict, name: str) -> int:
    value = _field(content, name)
    # JSON true/false arrive as bool, which Python counts as int: refuse them.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= LARGEST:
        raise MessagingError(
            _("The field “%(field)s” must be a whole number of zero or more."), "bad_field", field=name
        )
    return value


def _ids(content: dict, name: str) -> tuple[int, ...] | None:
    """An optional list of ids (whole numbers)."""
    value = content.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or any(
        isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= LARGEST for item in value
    ):
        raise MessagingError(_("The field “%(field)s” must be a list of whole numbers."), "bad_field", field=name)
    return tuple(value)


def _text(content: dict, name: str) -> str:
    value = _field(content, name)
    if not isinstance(value, str):
        raise MessagingError(_("The field “%(field)s” must be text."), "bad_field", field=name)
    return value

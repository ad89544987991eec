"""The JSON shape of a message, shared by websocket frames, the API and the page script."""

from messaging.models import Message


def message_payload(message: Message) -> dict:
    sender = message.sender
    profile = getattr(sender, "profile", None)
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "seq": message.seq,
        "sender_key": profile.key if profile else None,
        "sender_name": sender.get_full_name() or sender.email,
        "body": message.body,
        "created_at": message.created_at.isoformat(),
    }

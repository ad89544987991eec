"""The JSON shape of a message, shared by websocket frames, the API and the page script."""

from collections import Counter

from frontend import markdown
from messaging import attachments
from messaging.models import Message


def message_payload(message: Message) -> dict:
    sender = message.sender
    profile = getattr(sender, "profile", None)
    deleted = message.deleted_at is not None
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "seq": message.seq,
        "sender_key": profile.key if profile else None,
        "sender_name": sender.get_full_name() or sender.email,
        "body": message.body,
        # Markdown rendered once here and cleaned with an allowlist: clients insert it as HTML.
        "html": "" if deleted else markdown.render(message.body),
        "created_at": message.created_at.isoformat(),
        "reply_to": reply_seq(message),
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted": deleted,
        "reactions": reaction_counts(message),
        # The conversation's change number of this state: sync sends what changed after a client's number.
        "change": message.change,
        "attachments": [] if deleted else attachments.payloads(message),
    }


def reply_seq(message: Message) -> int | None:
    if message.reply_to_id is None:
        return None
    return message.reply_to.seq


def reaction_counts(message: Message) -> dict[str, int]:
    """{emoji: count}; uses prefetched reactions when there are any, else asks only if some may exist."""
    if message.pk is None:
        return {}
    prefetched = getattr(message, "_prefetched_objects_cache", {}).get("reactions")
    reactions = prefetched if prefetched is not None else message.reactions.all()
    return dict(Counter(reaction.emoji for reaction in reactions))

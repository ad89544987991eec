"""Fan-out over the channel layer: every socket of a user listens on that user's personal group.

The channel layer is at-most-once (it drops past capacity), so it only ever
carries copies of what the database already holds; clients fill gaps with `sync`.
"""

import asyncio
import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from core import live_sessions
from core.metrics import PUBLISH_FAILURES

logger = logging.getLogger(__name__)


def personal_group(user_id: int) -> str:
    return live_sessions.user_group(user_id)


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def to_conversation(conversation_id: int, member_ids, event: dict) -> None:
    """One channel-layer send to every socket of the conversation's members (call it on commit).

    One group_send however many members: one Redis publish, fanned out inside each daphne process.
    The event names its recipients; a socket whose user is not among them drops it, so a
    socket that missed its removal notice still never shows a later message. `text` is the frame
    the client receives (the event without `members`), serialised once here instead of once per socket.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    text = json.dumps(event)
    try:
        async_to_sync(layer.group_send)(
            conversation_group(conversation_id), {**event, "members": list(member_ids), "text": text}
        )
    except Exception:  # noqa: BLE001 - a lost copy is recovered by sync
        PUBLISH_FAILURES.labels("conversation").inc()
        logger.exception("Could not publish %s to conversation %s", event.get("type"), conversation_id)


def joined(user_ids, conversation_id: int) -> None:
    """Tell the open sockets of these users to listen to a conversation they were just added to."""
    to_users(user_ids, {"type": "conversation.joined", "conversation": conversation_id})


def to_users(user_ids, event: dict) -> None:
    """Send one channel-layer event to each user's personal group (call it on commit)."""
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(_send_all)(layer, list(user_ids), event)


async def _send_all(layer, user_ids: list[int], event: dict) -> None:
    # Concurrently: with a few hundred members, one round trip to Redis after another is what users wait for.
    results = await asyncio.gather(
        *(layer.group_send(personal_group(user_id), event) for user_id in user_ids), return_exceptions=True
    )
    for user_id, result in zip(user_ids, results, strict=True):
        if isinstance(result, Exception):
            # A lost copy is recovered by sync; the others went out regardless.
            PUBLISH_FAILURES.labels("user").inc()
            logger.error("Could not publish %s to user %s", event.get("type"), user_id, exc_info=result)

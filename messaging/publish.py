"""Fan-out over the channel layer: every socket of a user listens on that user's personal group.

The channel layer is at-most-once (it drops past capacity), so it only ever
carries copies of what the database already holds; clients fill gaps with `sync`.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def personal_group(user_id: int) -> str:
    return f"user.{user_id}"


def to_users(user_ids, event: dict) -> None:
    """Send one channel-layer event to each user's personal group (call it on commit)."""
    layer = get_channel_layer()
    if layer is None:
        return
    send = async_to_sync(layer.group_send)
    for user_id in user_ids:
        try:
            send(personal_group(user_id), event)
        except Exception:  # noqa: BLE001 - a lost copy is recovered by sync; the others must still go out
            logger.exception("Could not publish %s to user %s", event.get("type"), user_id)

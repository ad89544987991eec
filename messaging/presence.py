"""Presence (online, away, offline) kept in the cache only: a key per user with a short lifetime.

Each socket refreshes its user's key with heartbeats; nobody writes the database for it, and a
user whose sockets all went quiet becomes offline when the key expires, with no cleanup needed.
The cache is Redis in production, so every daphne process sees the same answer.
"""

import logging

from django.conf import settings
from django.core.cache import cache

OFFLINE = "offline"
logger = logging.getLogger(__name__)


def lifetime() -> int:
    """Seconds a heartbeat counts; the page beats at a third of this."""
    return getattr(settings, "MESSAGING_PRESENCE_SECONDS", 60)


def _key(user_id: int) -> str:
    return f"messaging:presence:{user_id}"


def touch(user_id: int, state: str) -> None:
    try:
        cache.set(_key(user_id), state, timeout=lifetime())
    except Exception:  # noqa: BLE001 - presence is a hint; an unreachable cache must not end the socket
        logger.warning("Presence not stored: the cache is unavailable", exc_info=True)


def states(user_ids) -> dict[int, str]:
    """online, away or offline for each user id, in one cache round trip."""
    user_ids = list(user_ids)
    try:
        found = cache.get_many([_key(user_id) for user_id in user_ids])
    except Exception:  # noqa: BLE001
        logger.warning("Presence not read: the cache is unavailable", exc_info=True)
        found = {}
    return {user_id: found.get(_key(user_id), OFFLINE) for user_id in user_ids}

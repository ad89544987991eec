"""Per-user rate limits in fixed windows, counted in the cache (Redis: shared by every daphne process)."""

import functools
import logging
import time

import redis
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# (frames allowed, per seconds); settings MESSAGING_RATE_LIMITS overrides any of them.
DEFAULTS = {
    "send": (30, 10),  # messages stored
    "typing": (20, 10),  # typing notices fanned out to every member
    "frame": (300, 10),  # any frame at all
}


def limit_of(kind: str) -> tuple[int, int]:
    return getattr(settings, "MESSAGING_RATE_LIMITS", {}).get(kind, DEFAULTS[kind])


def allow(user_id: int, kind: str) -> bool:
    """Count one use; False once the user went over the limit of this window.

    Fails open: while the cache (Redis) is down, messages still get stored rather than refused.
    """
    try:
        return _count(user_id, kind)
    except Exception:  # noqa: BLE001 - an unreachable cache must not stop messaging
        logger.warning("Rate limit not checked: the cache is unavailable", exc_info=True)
        return True


def _count(user_id: int, kind: str) -> bool:
    allowed, seconds = limit_of(kind)
    window = int(time.time() // seconds)
    key = f"messaging:rate:{kind}:{user_id}:{window}"
    client = _redis_of_cache()
    if client is not None:
        # One round trip, on every frame: create the counter with its expiry if new, then count. (Django's
        # add() and incr() take three: SET NX, then EXISTS and INCR.) The key is the cache's own.
        key = cache.make_key(key)
        pipeline = client.pipeline(transaction=False)
        pipeline.set(key, 0, ex=seconds + 1, nx=True)
        pipeline.incr(key)
        return pipeline.execute()[1] <= allowed
    # add() creates the counter with its expiry only once; incr() is atomic in locmem.
    if cache.add(key, 1, timeout=seconds + 1):
        return True
    try:
        return cache.incr(key) <= allowed
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, timeout=seconds + 1)
        return True


def _redis_of_cache():
    """A client of the cache's Redis, when the cache is Redis (production); None for other caches."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return None
    return _client(config["LOCATION"])


@functools.cache
def _client(location: str) -> redis.Redis:
    return redis.Redis.from_url(location)

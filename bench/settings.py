"""Settings of the benchmark's daphne: the product's, with the per-user rate limits out of the way
(the benchmark deliberately sends faster than any person)."""

import os

from intranet.settings import *  # noqa: F403

MESSAGING_RATE_LIMITS = {"send": (10**9, 1), "typing": (10**9, 1), "frame": (10**9, 1)}

# BENCH_LAYER=core measures the same code on channels_redis' core layer (one Redis list entry per
# receiving socket, popped one at a time), as configured before decision 10 of docs/decisions.md,
# instead of the product's PubSub layer (core/env.py).
if os.environ.get("BENCH_LAYER") == "core" and os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": os.environ["REDIS_URL"], "socket_timeout": None, "max_connections": 1000}],
                "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "intranet"),
                "capacity": 1000,
                "expiry": 60,
            },
        }
    }

"""Settings of the benchmark's daphne: the product's, with the per-user rate limits out of the way
(the benchmark deliberately sends faster than any person)."""

import os

from intranet.settings import *  # noqa: F403

MESSAGING_RATE_LIMITS = {"send": (10**9, 1), "typing": (10**9, 1), "frame": (10**9, 1)}

# BENCH_LAYER=pubsub measures the same code on channels_redis' PubSub layer (one Redis publish per
# group message, fanned out inside each process) instead of the core layer of intranet/env.py.
if os.environ.get("BENCH_LAYER") == "pubsub" and os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [{"address": os.environ["REDIS_URL"], "socket_timeout": None}],
                   "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "intranet")},
    }}

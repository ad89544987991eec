"""Settings of the daphne that tests/messaging/test_group_renewal.py starts: the product's, with a short
group-renewal interval and, on request, channels_redis' core layer with a short group expiry."""

import os

from intranet.settings import *  # noqa: F403

MESSAGING_GROUP_RENEWAL_SECONDS = float(os.environ.get("TEST_GROUP_RENEWAL_SECONDS", "60"))

if os.environ.get("TEST_CHANNEL_LAYER") == "core":
    # The layer that forgets group memberships after `group_expiry` (a day by default).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": os.environ["REDIS_URL"], "socket_timeout": None}],
                "prefix": os.environ["CHANNEL_LAYER_PREFIX"],
                "group_expiry": int(os.environ["TEST_GROUP_EXPIRY"]),
            },
        }
    }

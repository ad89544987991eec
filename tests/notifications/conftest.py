import uuid

import pytest
from channels.layers import get_channel_layer

from intranet import env

MEMORY_LAYER = {"BACKEND": "channels.layers.InMemoryChannelLayer"}


@pytest.fixture(autouse=True)
def _memory_layer_by_default(settings):
    # Tests that publish without asking for a layer must not write into a shared Redis.
    settings.CHANNEL_LAYERS = {"default": MEMORY_LAYER}


@pytest.fixture(params=["memory", "redis"])
async def channel_layer(request, settings):
    """Socket tests run on the in-memory layer and on the real Redis layer."""
    if request.param == "redis":
        layer = env.channel_layer(request.getfixturevalue("redis_url"))
        layer["CONFIG"]["prefix"] = f"test-{uuid.uuid4().hex[:12]}"
        settings.CHANNEL_LAYERS = {"default": layer}
    else:
        settings.CHANNEL_LAYERS = {"default": MEMORY_LAYER}
    layer = get_channel_layer()
    yield layer
    await layer.flush()

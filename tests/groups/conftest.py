import pytest

MEMORY_LAYER = {"BACKEND": "channels.layers.InMemoryChannelLayer"}


@pytest.fixture(autouse=True)
def _memory_layer_by_default(settings):
    # Tests that publish without asking for a layer must not write into a shared Redis.
    settings.CHANNEL_LAYERS = {"default": MEMORY_LAYER}

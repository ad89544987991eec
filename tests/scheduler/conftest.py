import pytest

from tests.conftest import MEMORY_LAYER


@pytest.fixture(autouse=True)
def _memory_layer_by_default(settings):
    # Jobs notify people: nothing may be written into a shared Redis.
    settings.CHANNEL_LAYERS = {"default": MEMORY_LAYER}

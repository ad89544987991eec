import pytest

MEMORY_LAYER = {"BACKEND": "channels.layers.InMemoryChannelLayer"}


@pytest.fixture(autouse=True)
def _memory_layer_and_private_files(settings, tmp_path):
    # Notifications publish; they must not write into a shared Redis. Files go to a scratch folder.
    settings.CHANNEL_LAYERS = {"default": MEMORY_LAYER}
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"

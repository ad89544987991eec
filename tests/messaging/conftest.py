"""Fixtures of the messaging tests: channel layers, a small scene, logged-in sockets."""

import uuid
from types import SimpleNamespace

import pytest

from messaging import services
from tests import factories
from tests.conftest import MEMORY_LAYER
from tests.live_server import live_daphne, session_cookie  # noqa: F401 - live_daphne is a fixture
from tests.messaging.own_redis import redis_server  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def _memory_layer_by_default(settings):
    # Tests that publish without asking for a layer must not write into a shared Redis.
    settings.CHANNEL_LAYERS = {"default": MEMORY_LAYER}


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    # Presence and rate-limit counters are keyed by user id; other test processes reuse the ids.
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}}


@pytest.fixture
def scene(transactional_db):
    """Alice and Bob in a direct conversation; Carol is a colleague outside it."""
    alice = factories.person("Alice", "Aalto", key="alice")
    bob = factories.person("Bob", "Berg", key="bob")
    carol = factories.person("Carol", "Candé", key="carol")
    return SimpleNamespace(
        alice=alice,
        bob=bob,
        carol=carol,
        conversation=services.start_direct(alice, bob),
        cookies={user.profile.key: session_cookie(user) for user in (alice, bob, carol)},
    )

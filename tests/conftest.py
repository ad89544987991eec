"""Shared test configuration.

Services come from the environment that `make test` (scripts/services.py) sets:
DATABASE_URL, REDIS_URL, ELASTICSEARCH_URL, KEYCLOAK_URL. When REQUIRE_SERVICES is true (CI),
a missing service fails the run instead of skipping the tests that need it.
"""

import os
import uuid

import pytest
from channels.layers import get_channel_layer
from hypothesis import Phase, settings

from core import env

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", os.environ.get("CI", "")).lower() in {"1", "true", "yes"}

# Mutation runs (make mutate) need only whether a property fails, not its smallest failing example:
# shrinking one took longer than mutmut's limit and the mutant counted as a timeout.
settings.register_profile("mutation", phases=[Phase.explicit, Phase.reuse, Phase.generate])
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


def missing(message: str) -> None:
    """Something a test needs is not here: skip with the reason, or fail under REQUIRE_SERVICES (CI),
    where nothing may be missing."""
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


def need_service(variable: str, what: str) -> str:
    """The service's URL, or skip (fail under REQUIRE_SERVICES) when it is not configured."""
    value = os.environ.get(variable, "")
    if not value:
        missing(f"{what} is not available: {variable} is not set (run the suite with `make test`)")
    return value


@pytest.fixture(autouse=True)
def _english_and_fast(settings):
    # Assertions read English text; language-specific tests switch it themselves.
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Profiles made by ordinary tests stay out of Elasticsearch; the search tests
    # switch to it themselves, on an index prefix of their own.
    settings.SEARCH_BACKEND = "database"


@pytest.fixture(autouse=True)
def _no_lockout_from_earlier_tests():
    """allauth counts failed logins per address and per client IP (127.0.0.1 for every test) for minutes:
    the lock-out tests' deliberate failures must not refuse a later test's good password."""
    yield
    from django.core.cache import cache

    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):  # Redis: only allauth's keys
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"*{cache.key_prefix}*allauth:rl:*", count=1000))
        if keys:
            client.delete(*keys)
    else:  # the in-memory cache of a run without services is this process's own
        cache.clear()


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The project's wheel, built as the image builds it, once per session (tests/packaging checks its
    contents; tests/production deploys it)."""
    from tests.packaging.install import build_wheel

    return build_wheel(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def production_python(wheel):
    """The python of a virtualenv with requirements.lock and the session's wheel installed, non-editable,
    by scripts/install.sh; shared by tests/packaging and tests/production."""
    from tests.packaging.install import production_virtualenv

    return production_virtualenv(wheel)


@pytest.fixture
def redis_url() -> str:
    return need_service("REDIS_URL", "Redis")


@pytest.fixture
def elasticsearch_url() -> str:
    return need_service("ELASTICSEARCH_URL", "Elasticsearch")


@pytest.fixture
def keycloak_url() -> str:
    """The throwaway Keycloak with the realms of scripts/keycloak/ (one per municipality)."""
    return need_service("KEYCLOAK_URL", "Keycloak")


MEMORY_LAYER = {"BACKEND": "channels.layers.InMemoryChannelLayer"}


@pytest.fixture(params=["memory", "redis"])
async def channel_layer(request, settings):
    """A test asking for this runs on the in-memory layer and on the real Redis layer
    (with a prefix of its own, so test runs sharing a Redis never see each other)."""
    if request.param == "redis":
        layer = env.channel_layer(request.getfixturevalue("redis_url"))
        layer["CONFIG"]["prefix"] = f"test-{uuid.uuid4().hex[:12]}"
        settings.CHANNEL_LAYERS = {"default": layer}
    else:
        settings.CHANNEL_LAYERS = {"default": MEMORY_LAYER}
    layer = get_channel_layer()
    expected = "LocalFanoutChannelLayer" if request.param == "redis" else "InMemoryChannelLayer"
    assert type(layer).__name__ == expected
    yield layer
    await layer.flush()

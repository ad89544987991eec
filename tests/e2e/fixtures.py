"""Fixtures of the browser tests: a real daphne server on the test database, driven by
headless Debian Chromium.

The server is a subprocess, so the data a test writes must be committed before
the browser asks for it: browser tests are marked with `helpers.E2E_DB` (transactional).

tests/e2e/conftest.py provides these to tests/e2e; a browser test elsewhere imports
them all with `from tests.e2e.fixtures import *  # noqa: F403`.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import global_settings

from tests.conftest import missing
from tests.e2e.helpers import ensure_home_page
from tests.live_server import LiveServer, run_daphne
from tests.live_server import server_env as shared_database_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(autouse=True)
def _real_password_hashers(settings, _english_and_fast):
    # The server process verifies passwords with the default hashers; the fast
    # MD5 hasher of the other suites is not among them.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _search_in_the_database(settings):
    # The server runs without ELASTICSEARCH_URL (tests.live_server passes only the
    # database and Redis), so it searches the database index; the profiles this
    # process saves must be indexed there too, not in a shared Elasticsearch index.
    settings.SEARCH_BACKEND = "database"


@pytest.fixture(scope="module")
def server_env() -> dict[str, str]:
    """Extra environment for the module's server; a test module overrides it (e.g. SMTP)."""
    return {}


@pytest.fixture(scope="module")
def daphne_server(django_db_setup, server_env) -> Iterator[LiveServer]:
    """daphne serving the project on a free loopback port, against the test database."""
    # Empty, so the server keeps Django's async-safety check (see `browser`).
    env = shared_database_env(DJANGO_ALLOW_ASYNC_UNSAFE="", **server_env)
    with run_daphne(env) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, started per module: the sync API's loop must not outlive the module,
    or asyncio tests that run later in the session would find a loop already running."""
    _chromium_or_skip()
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright runs, its event loop counts as running in this thread, and Django
    # (1) refuses ORM calls: nothing else runs on that loop, so they are safe; the server
    # never gets this variable; and (2) hands out other, context-local connections: keep
    # the ones pytest-django set up, so no second connection outlives the test database.
    test_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in test_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def new_page(browser, daphne_server, transactional_db):
    """Open a page in a fresh browser context (its own cookies: one context, one person).

    The site's home page is there (see helpers.ensure_home_page).

    At teardown, a server error, a JavaScript error or a Content-Security-Policy
    violation on any page fails the test.
    """
    ensure_home_page()
    contexts, problems = [], []

    def open_page():
        context = browser.new_context(
            base_url=daphne_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"{page.url}: JavaScript error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"{page.url}: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        page.on(
            "response",
            lambda response: (
                problems.append(f"{response.url}: HTTP {response.status}") if response.status >= 500 else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


__all__ = [
    "_real_password_hashers",
    "_search_in_the_database",
    "server_env",
    "daphne_server",
    "browser",
    "new_page",
]

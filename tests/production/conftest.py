"""The production run: one deployment (stack.py) for this package's tests, started once and stopped
after its last test, also when a test or the start fails. Under CI a missing piece (nginx, redis-server,
openssl, Java, Chromium, PostgreSQL) fails the tests instead of skipping them."""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import missing
from tests.e2e.fixtures import CHROMIUM, CHROMIUM_ARGS
from tests.production import stack as production

# Records every websocket a page opens and how each closed, so tests can see close codes and reconnects.
SOCKET_RECORDER = """
(() => {
  const Native = window.WebSocket;
  window.socketEvents = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("open", () => window.socketEvents.push({event: "open", at: Date.now()}));
      this.addEventListener("close", (e) => window.socketEvents.push({event: "close", code: e.code, at: Date.now()}));
    }
  };
})();
"""


def missing_pieces() -> list[str]:
    pieces = []
    if not Path(production.NGINX).exists():
        pieces.append("nginx is not installed (apt-get install nginx)")
    for tool, package in (("redis-server", "redis-server"), ("openssl", "openssl")):
        if not shutil.which(tool):
            pieces.append(f"{tool} is not installed (apt-get install {package})")
    if not CHROMIUM.exists():
        pieces.append(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    services = production.services_module()
    try:
        services.Elasticsearch().check()
    except services.Unavailable as reason:
        pieces.append(f"Elasticsearch cannot run: {reason}")
    return pieces


@pytest.fixture(scope="package")
def deployment(request):
    admin_url = os.environ.get("DATABASE_URL", "")
    if not re.match(r"postgres(ql)?://", admin_url):
        missing("The production run needs the suite's PostgreSQL server (DATABASE_URL); run it with `make test`")
    pieces = missing_pieces()
    if pieces:
        missing("The production run cannot start: " + "; ".join(pieces))
    # The session's wheel on the locked dependencies (tests/conftest.py), the one tests/packaging checks:
    # built and installed once per session, not once more for the production run.
    venv = request.getfixturevalue("production_python").parent.parent
    with production.production_stack(admin_url, venv) as stack:
        yield stack


@pytest.fixture(scope="module")
def browser(deployment):
    """Headless Chromium, per module (the sync API's event loop must not outlive it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def person_page(browser, deployment):
    """`person_page(process)`: a page in a browser of its own whose requests nginx sends to daphne
    `process` (0 or 1; None: anywhere). A JavaScript error, a CSP violation or a 5xx fails the test."""
    contexts, problems = [], []

    def open_page(process: int | None = None):
        context = browser.new_context(
            base_url=deployment.url, locale="en-GB", ignore_https_errors=True, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        if process is not None:
            context.add_cookies([{"name": "pin", "value": deployment.pins[process], "url": deployment.url}])
        context.add_init_script(SOCKET_RECORDER)
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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test's report ends with the last lines of every process of the deployment."""
    outcome = yield
    report = outcome.get_result()
    stack = getattr(item, "funcargs", {}).get("deployment")
    if report.failed and isinstance(stack, production.Stack) and stack.logs:
        for log in sorted(stack.logs.glob("*.log")):
            report.sections.append((f"production log {log.name} (last lines)", production.tail(log, 30)))

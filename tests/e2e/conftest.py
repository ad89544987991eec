"""Browser tests (see tests/e2e/fixtures.py): the fixtures, and the server's log on failure."""

import pytest

from tests.e2e.fixtures import *  # noqa: F403 - the fixtures of every browser test
from tests.live_server import LiveServer


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the end of the server's log to a failing test's report."""
    outcome = yield
    report = outcome.get_result()
    server = getattr(item, "funcargs", {}).get("daphne_server")
    if report.failed and isinstance(server, LiveServer):
        try:
            tail = "\n".join(server.log_text().splitlines()[-60:])
        except OSError:
            tail = "(the server has stopped and its log is gone)"
        report.sections.append(("daphne log (last lines)", tail))

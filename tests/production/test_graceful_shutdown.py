"""SIGTERM to one daphne process, as a rolling restart does: its sockets close with a code that makes
the page reconnect (4503, not 4401/4403, see frontend/static/frontend/live.js), nginx sends
the reconnect to the other process, and a message sent while the page was cut off arrives after the
reconnect through the page's sync, without a reload."""

import secrets
import time

import pytest
from playwright.sync_api import expect

from intranet.asgi_shutdown import CLOSE_SERVER_STOPPING
from tests.e2e.helpers import log_in
from tests.production.stack import PASSWORD, PEOPLE
from tests.production.test_through_proxy import LIVE, open_conversation, ws_connects

CLOSED_FOR_GOOD = {4401, 4403}


@pytest.fixture
def first_process_restarted_afterwards(deployment):
    """The test stops daphne 1; later tests find the deployment whole again."""
    yield deployment.daphnes[0]
    deployment.restart_daphne(0)


def test_sigterm_closes_sockets_for_a_reconnect_to_the_other_process(
    person_page, deployment, first_process_restarted_afterwards
):
    first, second = deployment.daphnes
    aino, bertta = person_page(0), person_page(1)
    log_in(aino, PEOPLE["aino"], PASSWORD)
    log_in(bertta, PEOPLE["bertta"], PASSWORD)
    open_conversation(aino)
    bertta.goto(aino.url)
    expect(bertta.get_by_text(LIVE)).to_be_visible()
    aino.evaluate("window.noReload = true")
    on_second = ws_connects(second)
    opened = len([e for e in aino.evaluate("window.socketEvents") if e["event"] == "open"])

    started = time.monotonic()
    first.popen.terminate()  # SIGTERM, as systemd, `docker stop` or a rolling update send it
    # Every socket of the page on that process (conversation, header badge, notifications) says why.
    # Polled from here: Playwright's wait_for_function evaluates a string inside the page, which the
    # production Content-Security-Policy (no 'unsafe-eval') refuses.
    deadline = time.monotonic() + 30
    while len([e for e in aino.evaluate("window.socketEvents") if e["event"] == "close"]) < opened:
        assert time.monotonic() < deadline, aino.evaluate("window.socketEvents")
        aino.wait_for_timeout(100)
    # Held offline until Bertta's message is stored, so that it can only come through the page's sync.
    aino.context.set_offline(True)
    closes = [e for e in aino.evaluate("window.socketEvents") if e["event"] == "close"]
    assert {e["code"] for e in closes} == {CLOSE_SERVER_STOPPING}, closes
    expect(aino.get_by_text("Connection lost. Reconnecting")).to_be_visible()

    text = f"Sent while you were reconnecting {secrets.token_hex(4)}"
    bertta.get_by_role("textbox", name="Message").fill(text)
    bertta.get_by_role("button", name="Send", exact=True).click()
    expect(bertta.locator("#message-log")).to_contain_text(text)
    expect(aino.get_by_text("Connection lost. Reconnecting")).to_be_visible()
    aino.context.set_offline(False)

    assert first.popen.wait(timeout=30) == 0, first.log_text()[-3000:]
    stopped_in = time.monotonic() - started

    # The page reconnects by itself, through nginx to the process still running, and catches up.
    expect(aino.get_by_text(LIVE)).to_be_visible(timeout=30_000)
    reopened = [e for e in aino.evaluate("window.socketEvents") if e["event"] == "open"][opened:]
    assert reopened, "the page did not reconnect"
    assert ws_connects(second) > on_second
    expect(aino.locator("#message-log")).to_contain_text(text)
    assert aino.evaluate("window.noReload") is True
    assert aino.locator("#message-log li", has_text=text).count() == 1
    assert stopped_in < 15, f"daphne took {stopped_in:.1f} s to stop"

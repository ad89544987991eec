"""One websocket per tab: the header's message count, the notifications' count and the conversation page
all live on it (frontend/static/frontend/live.js). Every page visited passes axe-core (WCAG 2.1 A/AA)."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from groups.models import Membership
from tests import factories
from tests.e2e.helpers import E2E_DB, assert_accessible, log_in
from tests.e2e.sockets import Sockets

pytestmark = [pytest.mark.e2e, E2E_DB]

LIVE = "New messages appear here as they arrive."


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    aino = factories.person("Aino", "Virtanen", org=kerava, title="Planner")
    bertta = factories.person("Bertta", "Berg", org=kerava, title="Lawyer")
    project = factories.group(
        "hanke", "Yhteishanke", members={aino: Membership.Role.OWNER, bertta: Membership.Role.MEMBER}
    )
    return {"aino": aino, "bertta": bertta, "project": project}


def test_a_page_and_a_conversation_page_each_open_exactly_one_socket(new_page, scene):
    page = new_page()
    sockets = Sockets(page)
    log_in(page, scene["aino"].email)

    sockets.visit("/groups/")
    assert sockets.wait_for("notifications.unread") == {"type": "notifications.unread", "unread": 0}
    sockets.assert_exactly_one()
    assert_accessible(page)

    page.goto(f"/people/{scene['bertta'].profile.key}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Send a message to Bertta Berg").click()
    assert "/messages/" in page.url
    sockets.visit(page.url)
    expect(page.get_by_text(LIVE)).to_be_visible()
    # The header's parts and the conversation's use the same socket: the count, the sync after
    # connecting and the presence answered to the heartbeat that names the conversation.
    sockets.wait_for("notifications.unread")
    sockets.wait_for("sync.result")
    assert sockets.wait_for("presence")["people"] == {
        scene["aino"].profile.key: "online",
        scene["bertta"].profile.key: "offline",
    }
    sockets.assert_exactly_one()
    assert_accessible(page)

    # And the conversation works on it.
    text = f"One socket is enough {uuid.uuid4().hex[:6]}"
    page.get_by_role("textbox", name="Message").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#message-log")).to_contain_text(text)
    assert sockets.wait_for("message.ack")["message"]["body"] == text
    assert len(sockets.opened) == 1


def test_the_notifications_badge_follows_the_count_live_on_the_page_socket(new_page, scene):
    aino, bertta = new_page(), new_page()
    log_in(aino, scene["aino"].email)
    log_in(bertta, scene["bertta"].email)
    sockets = Sockets(bertta)
    bertta.goto("/groups/")
    sockets.wait_for("notifications.unread")
    badge = bertta.locator(".notifications-link [data-unread-count]")
    expect(badge).to_be_hidden()
    bertta.evaluate("window.e2eNoReload = true")  # a reload would wipe it: what follows is a live push

    # Aino mentions Bertta in a post: Bertta's badge shows it without a reload.
    aino.goto("/groups/hanke/")
    aino.get_by_label(re.compile(r"^Message")).fill(f"@{scene['bertta'].profile.key} could you read the tender?")
    with aino.expect_navigation():
        aino.get_by_role("button", name="Publish").click()
    expect(badge).to_have_text("1", timeout=10_000)
    expect(badge).to_be_visible()
    assert bertta.evaluate("window.e2eNoReload") is True
    assert_accessible(bertta)

    # Reading them elsewhere (another tab of the same session) sets it back to none, live.
    other_tab = bertta.context.new_page()
    other_tab.goto("/notifications/")
    with other_tab.expect_navigation():
        other_tab.get_by_role("button", name=re.compile("Mark all", re.I)).click()
    expect(badge).to_be_hidden(timeout=10_000)
    assert bertta.evaluate("window.e2eNoReload") is True
    assert len(sockets.opened) == 1, sockets.opened

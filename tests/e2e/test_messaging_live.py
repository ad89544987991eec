"""Two colleagues in a group chat, each in a browser: live delivery, the unread count in the header,
and the typing notice that goes away by itself. Every page visited passes axe-core (WCAG 2.1 A/AA)."""

import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from groups.models import Membership
from messaging import publish, services
from messaging.models import Message
from tests import factories
from tests.e2e.helpers import E2E_DB, assert_accessible, log_in, screenshot
from tests.e2e.sockets import Sockets

pytestmark = [pytest.mark.e2e, E2E_DB]


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    aino = factories.person("Aino", "Virtanen", org=kerava, title="Planner")
    bertta = factories.person("Bertta", "Berg", org=kerava, title="Lawyer")
    project = factories.group(
        "hanke", "Yhteishanke", members={aino: Membership.Role.OWNER, bertta: Membership.Role.MEMBER}
    )
    return {"aino": aino, "bertta": bertta, "project": project}


def test_group_chat_live_delivery_unread_count_and_typing(new_page, scene):
    aino, bertta = new_page(), new_page()
    log_in(aino, scene["aino"].email)
    log_in(bertta, scene["bertta"].email)

    # Aino opens the group's chat from the group page.
    aino.goto("/groups/hanke/")
    assert_accessible(aino)
    with aino.expect_navigation():
        aino.get_by_role("button", name="Open the group chat").click()
    chat_url = aino.url
    assert "/messages/" in chat_url
    expect(aino.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    assert_accessible(aino)

    # Bertta is elsewhere: the header counts what arrives, without a reload.
    bertta.goto("/groups/")
    bertta.evaluate("window.e2eNoReload = true")
    badge = bertta.locator("#unread-badge")
    expect(badge).to_have_attribute("data-unread", "0")
    bertta.wait_for_timeout(500)  # the header's socket opens
    first = f"Kickoff on **Monday** {uuid.uuid4().hex[:6]}"
    aino.get_by_role("textbox", name="Message").fill(first)
    aino.get_by_role("button", name="Send", exact=True).click()
    expect(badge).to_have_attribute("data-unread", "1", timeout=10_000)
    expect(badge).to_contain_text("1 unread")
    assert bertta.evaluate("window.e2eNoReload") is True
    assert_accessible(bertta)

    # In the chat, Bertta sees Aino typing, then the message arrives live and the notice goes.
    bertta.goto(chat_url)
    expect(bertta.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    expect(bertta.locator("#message-log strong", has_text="Monday").first).to_be_visible()
    expect(bertta.locator("#unread-badge")).to_have_attribute("data-unread", "0", timeout=10_000)
    bertta.evaluate("window.e2eNoReload = true")
    aino.wait_for_timeout(3100)  # a page sends at most one typing notice every 3 seconds
    aino.get_by_role("textbox", name="Message").press_sequentially("Also bring")
    expect(bertta.get_by_text("Aino Virtanen is writing…")).to_be_visible(timeout=10_000)
    assert_accessible(bertta)
    second = f"Also bring the budget {uuid.uuid4().hex[:6]}"
    aino.get_by_role("textbox", name="Message").fill(second)
    aino.get_by_role("button", name="Send", exact=True).click()
    expect(bertta.get_by_text(second)).to_be_visible(timeout=10_000)
    expect(bertta.get_by_text("Aino Virtanen is writing…")).to_be_hidden(timeout=10_000)
    assert bertta.evaluate("window.e2eNoReload") is True
    assert Message.objects.filter(sender=scene["aino"]).count() == 2
    assert_accessible(bertta)
    screenshot(bertta, "group-chat")


def test_a_live_copy_lost_on_the_way_arrives_within_one_heartbeat(new_page, scene, monkeypatch):
    # No later message reveals the gap: the heartbeat's answer names the conversation's latest change.
    aino = new_page()
    aino.clock.install()  # the page's timers, so that the next heartbeat is due at once
    sockets = Sockets(aino)
    log_in(aino, scene["aino"].email)
    aino.goto("/groups/hanke/")
    with aino.expect_navigation():
        aino.get_by_role("button", name="Open the group chat").click()
    expect(aino.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    sockets.wait_for("sync.result")  # the page has caught up once, after its socket opened
    sockets.wait_for("presence")  # and had the answer to its first heartbeat
    conversation = int(aino.locator("[data-conversation]").get_attribute("data-conversation"))

    # Stored, but its live copy lost on the way (as when the channel layer drops it, or Redis restarts).
    monkeypatch.setattr(publish, "to_conversation", lambda *args, **kwargs: None)
    text = f"Lost on the way {uuid.uuid4().hex[:6]}"
    services.send_message(scene["bertta"], conversation, f"lost-{uuid.uuid4().hex[:6]}", text)
    aino.wait_for_timeout(1_000)
    expect(aino.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    expect(aino.locator("#message-log")).not_to_contain_text(text)

    aino.clock.fast_forward(21_000)  # one heartbeat interval
    expect(aino.locator("#message-log")).to_contain_text(text, timeout=10_000)
    assert_accessible(aino)


def test_copies_that_arrive_out_of_order_are_shown_in_order_without_a_sync(new_page, scene):
    # Two messages sent at the same moment: each publishes after its own commit, so the second's copy may
    # overtake the first's. The page waits a moment for the late one instead of taking it for a gap.
    aino, bertta = new_page(), new_page()
    held, syncs, reached = [], [], []

    def route(page_socket):
        server = page_socket.connect_to_server()

        def to_page(payload):
            frame = json.loads(payload)
            frames = frame["frames"] if frame.get("type") == "batch" else [frame]
            for one in frames:
                if one.get("type") == "message.new" and one["message"]["body"].startswith("Order"):
                    reached.append(one["message"]["seq"])
                    if not held:
                        held.append(one)  # the first copy is late: it comes after the second
                        continue
                    page_socket.send(json.dumps(one))
                    page_socket.send(json.dumps(held.pop()))
                else:
                    page_socket.send(json.dumps(one))

        def to_server(payload):
            if json.loads(payload).get("type") == "sync":
                syncs.append(payload)
            server.send(payload)

        server.on_message(to_page)
        page_socket.on_message(to_server)

    aino.route_web_socket(re.compile(r"/ws/"), route)
    log_in(aino, scene["aino"].email)
    log_in(bertta, scene["bertta"].email)
    aino.goto("/groups/hanke/")
    with aino.expect_navigation():
        aino.get_by_role("button", name="Open the group chat").click()
    expect(aino.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    bertta.goto(aino.url)
    expect(bertta.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    aino.wait_for_timeout(1_000)  # the page's first sync, after its socket opened
    before = len(syncs)
    assert before >= 1

    for n in (1, 2):  # Bertta sends two messages; the route makes the first one's copy late
        bertta.get_by_role("textbox", name="Message").fill(f"Order {n}")
        bertta.get_by_role("button", name="Send", exact=True).click()
        expect(bertta.locator("#message-log")).to_contain_text(f"Order {n}")
    log = aino.locator("#message-log > li")
    expect(log.filter(has_text="Order 2")).to_be_visible(timeout=10_000)
    expect(log.filter(has_text="Order 1")).to_be_visible()
    assert reached == sorted(reached) and len(reached) == 2  # the server sent them in order; the route swapped
    texts = [text for text in log.all_inner_texts() if "Order" in text]
    assert ["Order 1" in texts[0], "Order 2" in texts[1]] == [True, True]
    aino.wait_for_timeout(1_000)  # past the page's moment of patience
    assert len(syncs) == before, syncs[before:]  # the late copy was awaited, not fetched
    assert_accessible(aino)

"""Two colleagues in a direct conversation, each in a browser: a file sent with a message, an edit in
place (Escape cancels), the "(edited)" marker opening the earlier versions, a reaction and a confirmed
deletion, each shown live on the other side; without the script, the Edit and Delete pages. Every page
visited passes axe-core (WCAG 2.1 A/AA)."""

import io
import uuid

import pytest
from PIL import Image
from playwright.sync_api import expect

from messaging.models import Message, MessageAttachment
from tests import factories
from tests.e2e.helpers import E2E_DB, assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.e2e, E2E_DB]


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    # The server keeps uploaded files in a scratch folder, not under var/.
    return {"PRIVATE_MEDIA_ROOT": str(tmp_path_factory.mktemp("private"))}


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    aino = factories.person("Aino", "Virtanen", org=kerava, title="Planner")
    bertta = factories.person("Bertta", "Berg", org=kerava, title="Lawyer")
    return {"aino": aino, "bertta": bertta}


def png_file() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return {"name": "site-plan.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_edit_history_reactions_deletion_and_files_reach_the_other_person_live(new_page, scene):
    aino, bertta = new_page(), new_page()
    log_in(aino, scene["aino"].email)
    log_in(bertta, scene["bertta"].email)

    # Aino starts from Bertta's profile and sends a message with a file.
    aino.goto(f"/people/{scene['bertta'].profile.key}/")
    with aino.expect_navigation():
        aino.get_by_role("button", name="Send a message to Bertta Berg").click()
    chat_url = aino.url
    expect(aino.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    bertta.goto(chat_url)
    expect(bertta.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    bertta.evaluate("window.e2eNoReload = true")

    first = f"Meeting at 10 {uuid.uuid4().hex[:6]}"
    aino.get_by_role("textbox", name="Message").fill(first)
    aino.get_by_label("Attach files").set_input_files(png_file())
    aino.get_by_role("button", name="Send", exact=True).click()
    expect(bertta.get_by_text(first)).to_be_visible(timeout=10_000)
    expect(bertta.get_by_role("link", name="site-plan.png")).to_be_visible()
    # An image shows its thumbnail (added live by the script) inside the link that names the file, so the
    # image itself is decorative (empty alt) and the link's name stays the file name.
    expect(bertta.locator("a:has-text('site-plan.png') img.chat-thumb[alt='']")).to_be_visible()
    bertta.wait_for_function("() => document.querySelector('img.chat-thumb')?.naturalWidth > 0")
    assert MessageAttachment.objects.get().message == Message.objects.get()

    # Edit in place from the keyboard: Escape cancels, then a new text is saved.
    aino.get_by_role("button", name="Edit message 1").click()
    field = aino.get_by_role("textbox", name="New text of message 1")
    expect(field).to_be_focused()
    expect(field).to_have_value(first)
    expect(aino.get_by_role("button", name="Edit message 1")).to_be_hidden()  # the tools wait meanwhile
    assert_accessible(aino)
    field.fill("never sent")
    field.press("Escape")
    expect(field).to_be_hidden()
    expect(aino.get_by_role("button", name="Edit message 1")).to_be_focused()
    aino.keyboard.press("Enter")
    second = f"Meeting moved to 11 {uuid.uuid4().hex[:6]}"
    aino.get_by_role("textbox", name="New text of message 1").fill(second)
    aino.get_by_role("button", name="Save").click()
    expect(aino.get_by_text(second)).to_be_visible(timeout=10_000)
    expect(bertta.get_by_text(second)).to_be_visible(timeout=10_000)
    expect(bertta.get_by_text(first)).to_be_hidden()

    # Bertta reacts; Aino sees the count arrive.
    bertta.get_by_role("button", name="React with 🎉 to message 1").click()
    expect(aino.get_by_role("button", name="React with 🎉 to message 1 (1)")).to_be_visible(timeout=10_000)
    expect(bertta.get_by_role("button", name="React with 🎉 to message 1 (1)")).to_have_attribute(
        "aria-pressed", "true", timeout=10_000
    )
    assert_accessible(bertta)
    screenshot(bertta, "message-edited-reacted")
    assert bertta.evaluate("window.e2eNoReload") is True

    # The "(edited)" marker opens the earlier versions, with times.
    with bertta.expect_navigation():
        bertta.get_by_role("link", name="(edited)").click()
    expect(bertta.get_by_role("heading", name="Versions of message 1", level=1)).to_be_visible()
    expect(bertta.get_by_text(first)).to_be_visible()
    expect(bertta.get_by_text(second)).to_be_visible()
    assert_accessible(bertta)
    bertta.go_back()
    expect(bertta.get_by_text("New messages appear here as they arrive.")).to_be_visible()

    # Deleting asks first; Cancel keeps the message, the confirmation deletes it for both.
    aino.get_by_role("button", name="Delete message 1").click()
    expect(aino.get_by_text("Delete this message for everyone?")).to_be_visible()
    aino.get_by_role("button", name="Cancel").click()
    expect(aino.get_by_text(second)).to_be_visible()
    aino.get_by_role("button", name="Delete message 1").click()
    aino.get_by_role("button", name="Yes, delete").click()
    expect(bertta.get_by_text("This message was deleted.")).to_be_visible(timeout=10_000)
    expect(bertta.get_by_role("link", name="site-plan.png")).to_be_hidden()
    expect(aino.get_by_text("This message was deleted.")).to_be_visible()
    assert_accessible(aino)
    assert Message.objects.get().deleted_at is not None and not MessageAttachment.objects.exists()


def test_a_page_that_was_away_catches_up_on_edits_deletions_and_reactions(new_page, scene):
    from messaging import message_actions, services

    conversation = services.start_direct(scene["aino"], scene["bertta"])
    kept, _created = services.send_message(scene["aino"], conversation.pk, "away-1", "Lunch at noon")
    dropped, _created = services.send_message(scene["aino"], conversation.pk, "away-2", "Bring the slides")
    bertta = new_page()
    log_in(bertta, scene["bertta"].email)

    # Bertta's socket goes through a route: while "away", it answers nothing and reaches no server.
    away, sockets = {"on": False}, []

    def route(socket):
        sockets.append(socket)
        if not away["on"]:
            socket.connect_to_server()

    bertta.route_web_socket("**/ws/**", route)
    bertta.goto(f"/messages/{conversation.pk}/")
    expect(bertta.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    bertta.evaluate("window.e2eNoReload = true")
    away["on"] = True
    sockets[-1].close()
    expect(bertta.get_by_text("Connection lost. Reconnecting…")).to_be_visible()
    expect(bertta.get_by_text("New messages appear here as they arrive.")).to_be_visible(timeout=10_000)

    message_actions.edit_message(scene["aino"], kept.pk, "Lunch at one")
    message_actions.delete_message(scene["aino"], dropped.pk)
    message_actions.react(scene["aino"], kept.pk, "🙏")
    services.send_message(scene["aino"], conversation.pk, "away-3", "See you there")
    bertta.wait_for_timeout(500)
    expect(bertta.get_by_text("Lunch at noon")).to_be_visible()  # really away: nothing arrived

    away["on"] = False
    sockets[-1].close()  # back: the page reconnects and asks for what changed since
    expect(bertta.get_by_text("Lunch at one")).to_be_visible(timeout=15_000)
    expect(bertta.get_by_text("Lunch at noon")).to_be_hidden()
    expect(bertta.get_by_text("This message was deleted.")).to_be_visible()
    expect(bertta.get_by_text("See you there")).to_be_visible()
    expect(bertta.get_by_role("button", name="React with 🙏 to message 1 (1)")).to_be_visible()
    expect(bertta.get_by_role("link", name="(edited)")).to_be_visible()
    assert bertta.evaluate("window.e2eNoReload") is True
    assert_accessible(bertta)


def test_without_the_script_the_edit_and_delete_pages_do_the_same(new_page, scene):
    from messaging import services

    conversation = services.start_direct(scene["aino"], scene["bertta"])
    services.send_message(scene["aino"], conversation.pk, "nojs-1", "Lunch at noon")
    aino = new_page()
    log_in(aino, scene["aino"].email)
    # With the script, the buttons edit and delete in place and the links to the pages are gone.
    aino.goto(f"/messages/{conversation.pk}/")
    expect(aino.get_by_role("button", name="Edit message 1")).to_be_visible()
    expect(aino.get_by_role("link", name="Edit message 1")).to_have_count(0)
    # The page as a browser without JavaScript (or whose script failed to load) gets it.
    aino.route("**/conversation.js", lambda route: route.abort())
    aino.goto(f"/messages/{conversation.pk}/")

    with aino.expect_navigation():
        aino.get_by_role("link", name="Edit message 1").click()
    field = aino.get_by_role("textbox", name="New text of message 1")
    expect(field).to_have_value("Lunch at noon")
    field.fill("   ")
    with aino.expect_navigation():
        aino.get_by_role("button", name="Save").click()
    expect(aino.get_by_text("Write something before sending.")).to_be_visible()
    assert_accessible(aino)
    aino.get_by_role("textbox", name="New text of message 1").fill("Lunch at one")
    with aino.expect_navigation():
        aino.get_by_role("button", name="Save").click()
    expect(aino.get_by_text("Your message was saved.")).to_be_visible()
    expect(aino.get_by_text("Lunch at one")).to_be_visible()

    with aino.expect_navigation():
        aino.get_by_role("link", name="Delete message 1").click()
    expect(aino.get_by_role("heading", name="Delete message 1", level=1)).to_be_visible()
    assert_accessible(aino)
    with aino.expect_navigation():
        aino.get_by_role("button", name="Yes, delete").click()
    expect(aino.get_by_text("Your message was deleted.")).to_be_visible()
    expect(aino.get_by_text("This message was deleted.")).to_be_visible()
    assert_accessible(aino)
    assert Message.objects.get().deleted_at is not None

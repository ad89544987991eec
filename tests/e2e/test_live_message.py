"""Two colleagues in two browsers: a message sent by one appears live for the other.

Every page visited passes axe-core's WCAG 2.1 A/AA rules.
"""

import uuid

import pytest
from playwright.sync_api import expect

from groups.models import Membership
from messaging.models import Message
from tests import factories
from tests.e2e.helpers import E2E_DB, assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.e2e, E2E_DB]


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    procurement = factories.skill("procurement", "Julkiset hankinnat", "Offentlig upphandling", "Public procurement")
    aino = factories.person("Aino", "Virtanen", org=kerava, title="Planner")
    bertta = factories.person(
        "Bertta",
        "Berg",
        org=kerava,
        title="Procurement lawyer",
        help_with="Public procurement and tendering",
        skills={procurement: 3},
    )
    project = factories.group(
        "hanke", "Yhteishanke", members={aino: Membership.Role.OWNER, bertta: Membership.Role.MEMBER}
    )
    question = factories.post(
        project, bertta, "How do we split the costs?", question=True, title="Who pays for the shared licence?"
    )
    factories.comment(question, aino, "By population, as last year.")
    return {"aino": aino, "bertta": bertta, "project": project, "question": question}


def test_message_appears_for_the_other_person_without_reload(new_page, scene):
    aino, bertta = new_page(), new_page()
    log_in(aino, scene["aino"].email)
    assert_accessible(aino)
    screenshot(aino, "home")
    log_in(bertta, scene["bertta"].email)

    aino.goto(f"/people/{scene['bertta'].profile.key}/")
    assert_accessible(aino)
    with aino.expect_navigation():
        aino.get_by_role("button", name="Send a message to Bertta Berg").click()
    conversation_url = aino.url
    assert "/messages/" in conversation_url
    assert_accessible(aino)

    bertta.goto(conversation_url)
    assert_accessible(bertta)
    # The page says so once its websocket is open: what follows is a live push, not a catch-up.
    expect(bertta.get_by_text("New messages appear here as they arrive.")).to_be_visible()
    # A reload would wipe this marker: its survival proves the message came in live.
    bertta.evaluate("window.e2eNoReload = true")

    text = f"Could you look at the tender? {uuid.uuid4().hex[:8]}"
    aino.get_by_role("textbox", name="Message").fill(text)
    aino.get_by_role("button", name="Send", exact=True).click()

    expect(bertta.get_by_text(text)).to_be_visible(timeout=10_000)
    assert bertta.evaluate("window.e2eNoReload") is True
    expect(aino.get_by_text(text)).to_be_visible()
    assert Message.objects.filter(body=text, sender=scene["aino"]).count() == 1
    assert_accessible(bertta)
    screenshot(bertta, "conversation")


def test_pages_of_a_working_day_are_accessible(new_page, scene):
    page = new_page()
    log_in(page, scene["aino"].email)

    for path, heading in [
        ("/groups/", "Groups"),
        ("/messages/", "Messages"),
        ("/groups/hanke/", "Yhteishanke"),
        (f"/posts/{scene['question'].pk}/", "Who pays for the shared licence?"),
        ("/search/?q=procurement", None),
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        if heading:
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page)

    expect(page.locator("main")).to_contain_text("Bertta Berg")

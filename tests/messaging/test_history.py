"""The earlier versions of an edited message: a page and an API endpoint for the conversation's members;
the conversation page marks edited messages and offers the editing tools to the writer only."""

import pytest
from django.urls import reverse

from messaging import message_actions, services
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db

BASE = "/api/v1/messages/conversations"


@pytest.fixture
def edited(db):
    alice = factories.person("Alice", "Aalto", key="alice")
    bob = factories.person("Bob", "Berg", key="bob")
    carol = factories.person("Carol", "Candé", key="carol")
    conversation = services.start_direct(alice, bob)
    message, _created = services.send_message(alice, conversation.pk, "h-1", "First **draft**")
    message_actions.edit_message(alice, message.pk, "Second draft")
    message_actions.edit_message(alice, message.pk, "Final text")
    return alice, bob, carol, conversation, message


def test_members_see_every_version_newest_first_and_others_get_404(client, edited):
    alice, bob, carol, conversation, message = edited
    url = reverse("messaging:history", args=[conversation.pk, message.pk])
    client.force_login(bob)
    page = client.get(url).content.decode()
    assert page.index("Final text") < page.index("Second draft") < page.index("First <strong>draft</strong>")
    assert "Current version" in page and page.count("Earlier version") == 2

    api = client.get(f"{BASE}/{conversation.pk}/messages/{message.pk}/history").json()
    assert [version["body"] for version in api["versions"]] == ["Final text", "Second draft", "First **draft**"]

    conversation_page = body(client.get(reverse("messaging:conversation", args=[conversation.pk])))
    assert f'href="{url}"' in conversation_page  # the "(edited)" marker opens the history
    assert 'data-body="' not in conversation_page  # the text to edit is given to its writer only
    client.force_login(alice)
    assert (
        'data-body="Final text"'
        in client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    )

    client.force_login(carol)
    assert client.get(url).status_code == 404
    assert client.get(f"{BASE}/{conversation.pk}/messages/{message.pk}/history").status_code == 404

    message_actions.delete_message(alice, message.pk)
    client.force_login(bob)
    assert client.get(url).status_code == 404  # deleting removes the history too


def test_the_api_pages_back_through_history_with_edits_and_reactions(client, edited):
    alice, bob, _carol, conversation, message = edited
    for n in range(2, 7):
        services.send_message(alice, conversation.pk, f"h-{n}", f"message {n}")
    message_actions.react(bob, message.pk, "🎉")
    client.force_login(bob)
    newest = client.get(f"{BASE}/{conversation.pk}/messages", {"before": 7, "limit": 3}).json()
    assert [m["seq"] for m in newest["messages"]] == [4, 5, 6] and newest["more"] is True
    older = client.get(f"{BASE}/{conversation.pk}/messages", {"before": 4, "limit": 3}).json()
    assert [m["seq"] for m in older["messages"]] == [1, 2, 3] and older["more"] is False
    first = older["messages"][0]
    assert first["body"] == "Final text" and first["edited_at"] and first["reactions"] == {"🎉": 1}
    assert first["change"] == 9 and first["deleted"] is False and first["attachments"] == []

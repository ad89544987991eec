"""/api/v1/messages: the same rules as the socket and the pages, as JSON."""

import pytest

from messaging import services
from messaging.models import ConversationMember, Message
from tests import factories

pytestmark = pytest.mark.django_db

BASE = "/api/v1/messages/conversations"


@pytest.fixture
def scene(client):
    alice = factories.person("Alice", "Aalto", key="alice")
    bob = factories.person("Bob", "Berg", key="bob")
    conversation = services.start_direct(alice, bob)
    client.force_login(alice)
    return alice, bob, conversation


def test_sending_is_idempotent_and_listed(client, scene):
    alice, bob, conversation = scene
    url = f"{BASE}/{conversation.pk}/messages"
    first = client.post(url, {"client_id": "api-1", "body": "Over HTTP"}, content_type="application/json")
    assert first.status_code == 201
    assert first.json()["seq"] == 1 and first.json()["sender_key"] == "alice"
    again = client.post(url, {"client_id": "api-1", "body": "Over HTTP"}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Message.objects.count() == 1

    client.force_login(bob)
    listing = client.get(BASE).json()
    assert [(row["other_key"], row["other_name"], row["unread"]) for row in listing] == [("alice", "Alice Aalto", 1)]
    missed = client.get(url, {"after": 0}).json()
    assert [m["body"] for m in missed["messages"]] == ["Over HTTP"] and missed["more"] is False
    read = client.post(f"{BASE}/{conversation.pk}/read", {"seq": 1}, content_type="application/json")
    assert read.json() == {"conversation": conversation.pk, "seq": 1}
    assert ConversationMember.objects.get(conversation=conversation, user=bob).last_read_seq == 1


def test_messages_after_come_in_pages(client, scene):
    alice, _bob, conversation = scene
    for n in range(1, 6):
        services.send_message(alice, conversation.pk, f"p{n}", f"page {n}")
    page = client.get(f"{BASE}/{conversation.pk}/messages", {"after": 1, "limit": 2}).json()
    assert [m["seq"] for m in page["messages"]] == [2, 3] and page["more"] is True
    beyond = client.get(f"{BASE}/{conversation.pk}/messages", {"after": 2**70}).json()
    assert beyond == {"messages": [], "more": False}


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"client_id": "b-1", "body": "   "}, 400),
        ({"client_id": "", "body": "hello"}, 400),
        ({"client_id": "b-2", "body": "x" * 4001}, 400),
        ({"client_id": "b-3"}, 400),
    ],
)
def test_bad_sends_are_400_with_a_reason_and_store_nothing(client, scene, payload, status):
    _alice, _bob, conversation = scene
    response = client.post(f"{BASE}/{conversation.pk}/messages", payload, content_type="application/json")
    assert response.status_code == status
    assert response.json()["error"]
    assert not Message.objects.exists()


def test_other_people_s_conversations_are_404(client, scene):
    _alice, bob, _conversation = scene
    theirs = services.start_direct(bob, factories.person("Carol"))
    for response in (
        client.get(f"{BASE}/{theirs.pk}/messages"),
        client.post(f"{BASE}/{theirs.pk}/messages", {"client_id": "x", "body": "hi"}, content_type="application/json"),
        client.post(f"{BASE}/{theirs.pk}/read", {"seq": 0}, content_type="application/json"),
        client.get(f"{BASE}/{2**70}/messages"),
    ):
        assert response.status_code == 404
    assert not Message.objects.exists()


def test_the_api_needs_a_login(client, scene):
    client.logout()
    assert client.get(BASE).status_code == 401

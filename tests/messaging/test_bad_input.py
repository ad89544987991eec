"""Input no client should send gets a refusal with a code, never a 500 or `server_error` (which the
protocol tells clients to retry). Security review finding Low 10, messaging and notifications parts."""

import json

import pytest

from tests.messaging.test_consumer import logged_in, send_frame, stored_bodies

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1/messages/conversations"


def post_json(client, url, text):
    # JSON escapes such as \ud800 decode to a lone surrogate on the server.
    return client.post(url, text, content_type="application/json")


@pytest.mark.parametrize(
    "body, client_id, code",
    [
        ("\ud800", "s-1", "bad_character"),
        ("half \udfff a character", "s-2", "bad_character"),
        ("fine", "\ud800", "bad_client_id"),
    ],
)
def test_the_api_refuses_a_lone_surrogate(client, scene, body, client_id, code):
    client.force_login(scene.alice)
    response = post_json(
        client, f"{API}/{scene.conversation.pk}/messages", json.dumps({"client_id": client_id, "body": body})
    )
    assert response.status_code == 400 and response.json()["code"] == code
    assert response.json()["error"]


async def test_the_socket_refuses_a_lone_surrogate_with_a_code(scene, channel_layer):
    alice = await logged_in(scene, "alice")
    conversation = scene.conversation.pk
    await alice.send_to(text_data=json.dumps(send_frame(conversation, "s-1", "\ud800")))
    error = await alice.receive_json_from()
    assert error["type"] == "error" and error["code"] == "bad_character" and error["ref"] == "s-1"
    await alice.send_to(text_data=json.dumps(send_frame(conversation, "s-\udc00", "fine")))
    assert (await alice.receive_json_from())["code"] == "bad_client_id"
    await alice.send_to(text_data=json.dumps(send_frame(conversation, "s-2", "ok")))
    ack = await alice.receive_json_from()
    assert ack["type"] == "message.ack"
    assert (await alice.receive_json_from())["type"] == "message.new"
    await alice.send_to(
        text_data=json.dumps({"type": "message.edit", "message": ack["message"]["id"], "body": "\ud83d"})
    )
    assert (await alice.receive_json_from())["code"] == "bad_character"
    assert await stored_bodies(conversation) == ["ok"]
    await alice.disconnect()


@pytest.mark.parametrize("ids", [[2**70], [2**63], [1, -(2**80)], [0]])
def test_notification_ids_out_of_range_are_refused_with_400(client, scene, ids):
    client.force_login(scene.alice)
    response = post_json(client, "/api/v1/notifications/read", json.dumps({"ids": ids}))
    assert response.status_code == 400 and response.json()["code"] == "bad_field"


@pytest.mark.parametrize("attachments", [[2**70], [2**63], [-1]])
def test_attachment_ids_out_of_range_are_refused_with_400(client, scene, attachments):
    client.force_login(scene.alice)
    response = post_json(
        client,
        f"{API}/{scene.conversation.pk}/messages",
        json.dumps({"client_id": "a-1", "body": "x", "attachments": attachments}),
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_field"


def test_a_group_conversation_title_with_a_lone_surrogate_is_refused():
    from messaging import group_services
    from messaging.errors import MessagingError
    from tests import factories

    alice, bob, carol = (factories.person(name) for name in ("Alice", "Bob", "Carol"))
    with pytest.raises(MessagingError) as refused:
        group_services.start_group(alice, [bob, carol], "Budget \ud800")
    assert refused.value.code == "bad_character"

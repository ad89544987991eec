"""The websocket in-process (Channels' WebsocketCommunicator) on the in-memory and the Redis layer.

The whole ASGI stack of intranet/asgi.py is used: Origin check, session auth, routing, consumer.
"""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from intranet.asgi import application
from messaging import consumers, services
from messaging.models import ConversationMember, Message
from tests.live_server import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = "http://127.0.0.1:8000"


async def open_socket(cookie=None, origin=ORIGIN, path="/ws/"):
    headers = [(b"host", b"127.0.0.1:8000")]
    if origin:
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append((b"cookie", f"{cookie[0]}={cookie[1]}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect()
    return communicator, connected


async def logged_in(scene, who: str, path: str = "/ws/") -> WebsocketCommunicator:
    communicator, connected = await open_socket(scene.cookies[who], path=path)
    assert connected, f"{who}'s socket was refused"
    return communicator


def send_frame(conversation_id, client_id, body):
    return {"type": "message.send", "conversation": conversation_id, "client_id": client_id, "body": body}


@database_sync_to_async
def stored_bodies(conversation_id):
    return list(Message.objects.filter(conversation_id=conversation_id).order_by("seq").values_list("body", flat=True))


async def test_only_logged_in_users_from_our_own_origin_get_a_socket(scene, channel_layer):
    for cookie, origin in [
        (None, ORIGIN),
        (scene.cookies["alice"], "http://evil.example"),
        (scene.cookies["alice"], None),
        (("sessionid", "forged"), ORIGIN),
    ]:
        communicator, connected = await open_socket(cookie, origin)
        assert not connected, (cookie, origin)
        await communicator.disconnect()


async def test_a_disabled_account_gets_no_socket(scene, channel_layer):
    scene.bob.is_active = False
    await database_sync_to_async(scene.bob.save)()
    communicator, connected = await open_socket(scene.cookies["bob"])
    assert not connected


async def test_a_message_is_acknowledged_delivered_to_both_and_stored_once(scene, channel_layer):
    alice, bob, carol = [await logged_in(scene, who) for who in ("alice", "bob", "carol")]
    conversation = scene.conversation.pk

    await alice.send_json_to(send_frame(conversation, "c-1", "Hello Bob"))
    ack = await alice.receive_json_from()
    assert ack["type"] == "message.ack" and ack["client_id"] == "c-1" and ack["created"] is True
    assert ack["message"]["seq"] == 1 and ack["message"]["body"] == "Hello Bob"
    assert ack["message"]["sender_key"] == "alice" and ack["message"]["sender_name"] == "Alice Aalto"

    delivered = await bob.receive_json_from()
    assert delivered == {"type": "message.new", "message": ack["message"]}
    assert await alice.receive_json_from() == delivered, "the sender's other tabs see it too"
    assert await carol.receive_nothing(timeout=0.3), "people outside the conversation get nothing"

    # A resend after a lost ack: the same message comes back, nothing new is stored or delivered.
    await alice.send_json_to(send_frame(conversation, "c-1", "Hello Bob"))
    again = await alice.receive_json_from()
    assert again["type"] == "message.ack" and again["created"] is False and again["message"] == ack["message"]
    assert await bob.receive_nothing(timeout=0.3)
    assert await stored_bodies(conversation) == ["Hello Bob"]
    for communicator in (alice, bob, carol):
        await communicator.disconnect()


async def test_after_a_reconnect_sync_returns_what_was_missed_in_order(scene, channel_layer, monkeypatch):
    monkeypatch.setattr(consumers, "SYNC_BATCH", 2)
    alice = await logged_in(scene, "alice")
    conversation = scene.conversation.pk
    for n in range(1, 6):
        await alice.send_json_to(send_frame(conversation, f"s-{n}", f"message {n}"))
        assert (await alice.receive_json_from())["type"] == "message.ack"
        assert (await alice.receive_json_from())["type"] == "message.new"

    bob = await logged_in(scene, "bob")
    await bob.send_json_to({"type": "sync", "conversation": conversation, "after": 1})
    first = await bob.receive_json_from()
    assert first["type"] == "sync.result" and first["conversation"] == conversation
    assert [m["seq"] for m in first["messages"]] == [2, 3] and first["more"] is True
    await bob.send_json_to({"type": "sync", "conversation": conversation, "after": 3})
    second = await bob.receive_json_from()
    assert [m["body"] for m in second["messages"]] == ["message 4", "message 5"] and second["more"] is False
    await bob.send_json_to({"type": "sync", "conversation": conversation, "after": 5})
    assert (await bob.receive_json_from())["messages"] == []
    await alice.disconnect()
    await bob.disconnect()


async def test_read_moves_the_read_position(scene, channel_layer):
    alice = await logged_in(scene, "alice")
    bob = await logged_in(scene, "bob")
    conversation = scene.conversation.pk
    await alice.send_json_to(send_frame(conversation, "r-1", "Read me"))
    await alice.receive_json_from()
    await bob.receive_json_from()
    await bob.send_json_to({"type": "read", "conversation": conversation, "seq": 1})
    assert await bob.receive_json_from() == {"type": "read.ack", "conversation": conversation, "seq": 1}
    position = await database_sync_to_async(
        lambda: ConversationMember.objects.get(conversation_id=conversation, user=scene.bob).last_read_seq
    )()
    assert position == 1
    await alice.disconnect()
    await bob.disconnect()


BAD_FRAMES = [
    ("text", "this is not json", "not_json", None),
    ("text", '{"type": "message.send", "body": ', "not_json", None),
    ("text", "[" * 100_000, "too_large", None),
    ("text", "[" * 50_000, "not_json", None),
    ("text", "", "not_json", None),
    ("bytes", b'{"type": "sync"}', "not_text", None),
    ("json", ["message.send"], "not_object", None),
    ("json", 42, "not_object", None),
    ("json", {"type": "shout", "client_id": "u-1"}, "unknown_type", "u-1"),
    ("json", {"client_id": "u-2", "body": "no type"}, "unknown_type", "u-2"),
    ("json", {"type": "message.send", "client_id": "m-1", "body": "no conversation"}, "missing_field", "m-1"),
    ("json", {"type": "message.send", "conversation": "CONV", "body": "no client id"}, "missing_field", None),
    ("json", {"type": "message.send", "conversation": "CONV", "client_id": "m-2"}, "missing_field", "m-2"),
    ("json", {"type": "message.send", "conversation": True, "client_id": "m-3", "body": "x"}, "bad_field", "m-3"),
    ("json", {"type": "message.send", "conversation": "1", "client_id": "m-4", "body": "x"}, "bad_field", "m-4"),
    ("json", {"type": "message.send", "conversation": "CONV", "client_id": "m-5", "body": 5}, "bad_field", "m-5"),
    ("json", {"type": "message.send", "conversation": "CONV", "client_id": "m-6", "body": "  "}, "empty", "m-6"),
    (
        "json",
        {"type": "message.send", "conversation": "CONV", "client_id": "m-7", "body": "x" * 4001},
        "too_long",
        "m-7",
    ),
    (
        "json",
        {"type": "message.send", "conversation": "CONV", "client_id": "x" * 65, "body": "x"},
        "bad_client_id",
        "x" * 64,
    ),
    (
        "json",
        {"type": "message.send", "conversation": "OTHER", "client_id": "m-8", "body": "intrude"},
        "not_member",
        "m-8",
    ),
    ("json", {"type": "message.send", "conversation": 2**63, "client_id": "m-9", "body": "x"}, "bad_field", "m-9"),
    ("json", {"type": "sync", "conversation": "OTHER", "after": 0}, "not_member", None),
    ("json", {"type": "sync", "conversation": "CONV", "after": -1}, "bad_field", None),
    ("json", {"type": "read", "conversation": "OTHER", "seq": 0}, "not_member", None),
    ("json", {"type": "read", "conversation": "CONV"}, "missing_field", None),
]


async def test_bad_frames_get_error_frames_store_nothing_and_keep_the_socket_open(scene, channel_layer):
    other = await database_sync_to_async(services.start_direct)(scene.bob, scene.carol)
    ids = {"CONV": scene.conversation.pk, "OTHER": other.pk}
    alice = await logged_in(scene, "alice")
    for kind, frame, code, ref in BAD_FRAMES:
        if kind == "text":
            await alice.send_input({"type": "websocket.receive", "text": frame})
        elif kind == "bytes":
            await alice.send_to(bytes_data=frame)
        else:
            if isinstance(frame, dict):
                frame = {
                    key: ids.get(value, value) if isinstance(value, str) else value for key, value in frame.items()
                }
            await alice.send_to(text_data=json.dumps(frame))
        reply = await alice.receive_json_from()
        assert reply["type"] == "error" and reply["code"] == code, (frame, reply)
        assert reply["ref"] == ref and reply["reason"], (frame, reply)

    assert await stored_bodies(scene.conversation.pk) == []
    assert await stored_bodies(other.pk) == []
    # Still open and working.
    await alice.send_json_to(send_frame(scene.conversation.pk, "ok-1", "still here"))
    assert (await alice.receive_json_from())["type"] == "message.ack"
    await alice.disconnect()


async def test_logging_out_closes_the_sockets_of_that_session_only(scene, channel_layer):
    first_tab = await logged_in(scene, "alice")
    other_session = await database_sync_to_async(session_cookie)(scene.alice)
    other_device, connected = await open_socket(other_session)
    assert connected

    def log_out():
        client = Client()
        client.cookies[scene.cookies["alice"][0]] = scene.cookies["alice"][1]
        return client.post("/accounts/logout/").status_code

    assert await database_sync_to_async(log_out)() == 302
    closed = await first_tab.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_SESSION_ENDED}
    assert await other_device.receive_nothing(timeout=0.3)
    await other_device.disconnect()


async def test_disabling_an_account_closes_its_sockets(scene, channel_layer):
    bob = await logged_in(scene, "bob")
    scene.bob.is_active = False
    await database_sync_to_async(scene.bob.save)()
    closed = await bob.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_ACCOUNT_DISABLED}

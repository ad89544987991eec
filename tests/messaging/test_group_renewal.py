"""A socket's group memberships heal on heartbeats (real daphne, real sockets).

- A `conversation.joined` event the socket never got (the layer is at-most-once: Redis may be down at
  that moment) is made good by the next heartbeat after MESSAGING_GROUP_RENEWAL_SECONDS.
- channels_redis' core layer forgets group memberships after `group_expiry`: heartbeats renew them, so a
  long-lived socket keeps receiving. (The product's Redis layer, PubSub, keeps memberships in the process
  and never expires them; the test runs the core layer to prove the renewal.)

The test process publishes on its own in-memory layer, which never reaches the daphne subprocess: an
event it publishes is lost for the server's sockets, exactly like an event Redis dropped.
"""

import asyncio
import json
import time

import pytest

from messaging import group_services
from tests.live_server import run_daphne, server_env
from tests.messaging.test_live_daphne import open_socket, receive, receives_nothing

pytestmark = pytest.mark.django_db(transaction=True)

RENEWAL = 1.0


def send_frame(conversation: int, client_id: str) -> str:
    return json.dumps({"type": "message.send", "conversation": conversation, "client_id": client_id, "body": client_id})


async def heartbeat(socket, conversation: int) -> None:
    """A heartbeat naming a conversation is answered with presence, after the renewal (if due) is done."""
    await socket.send(json.dumps({"type": "heartbeat", "state": "online", "conversation": conversation}))
    assert (await receive(socket))["type"] == "presence"


async def next_message(socket) -> dict:
    while True:
        frame = await receive(socket)
        if frame["type"] == "message.new":
            return frame["message"]


def test_a_missed_joined_event_heals_on_the_next_heartbeat(scene):
    env = server_env(DJANGO_SETTINGS_MODULE="tests.messaging.daphne_settings", TEST_GROUP_RENEWAL_SECONDS=str(RENEWAL))
    with run_daphne(env) as server:

        async def talk():
            async with open_socket(server, scene.cookies["carol"]) as carol:
                # Carol's socket is open when she is added; the joined event never reaches the server.
                room = (
                    await asyncio.to_thread(
                        group_services.start_group, scene.alice, [scene.bob, scene.carol], "Project"
                    )
                ).pk
                async with open_socket(server, scene.cookies["alice"]) as alice:
                    await alice.send(send_frame(room, "before"))
                    assert (await next_message(alice))["body"] == "before"
                    assert await receives_nothing(carol), "the joined event was really lost"

                    await asyncio.sleep(RENEWAL + 0.2)
                    await heartbeat(carol, room)
                    await alice.send(send_frame(room, "after"))
                    assert (await next_message(carol))["body"] == "after"

        asyncio.run(talk())


def test_heartbeats_keep_a_long_lived_socket_in_its_groups_past_the_core_layer_group_expiry(scene, redis_url):
    env = server_env(
        DJANGO_SETTINGS_MODULE="tests.messaging.daphne_settings",
        TEST_CHANNEL_LAYER="core",
        TEST_GROUP_EXPIRY="2",
        TEST_GROUP_RENEWAL_SECONDS=str(RENEWAL),
    )
    conversation = scene.conversation.pk
    with run_daphne(env) as server:

        async def talk():
            async with (
                open_socket(server, scene.cookies["alice"]) as alice,
                open_socket(server, scene.cookies["bob"]) as bob,
                open_socket(server, scene.cookies["bob"]) as silent_bob,
            ):
                # Past the group expiry: bob's first socket sends heartbeats (as the page does), the
                # second one stays silent.
                deadline = time.monotonic() + 3.5
                while time.monotonic() < deadline:
                    await heartbeat(bob, conversation)
                    await heartbeat(alice, conversation)
                    await asyncio.sleep(0.5)
                await alice.send(send_frame(conversation, "still-there"))
                assert (await next_message(bob))["body"] == "still-there"
                assert await receives_nothing(silent_bob, 1.0), "the layer really forgot the silent socket"

        asyncio.run(talk())
